"""A TDLib JSON package (td_api, generated with --wire tdjson) in use: nullable fields, typed
results, execute() only for synchronous requests. `# R:` / `# E:` as in usage.py."""

# fmt: off
from __future__ import annotations

from td_api.client import AsyncClient, Client, execute
from td_api.functions import GetMe, GetTextEntities, SendMessage
from td_api.types import FormattedText, InputMessageText

content = InputMessageText(text=FormattedText(text="hi", entities=[]), clear_draft=False)
request = SendMessage(chat_id=1, topic_id=None, input_message_content=content)
reveal_type(request.topic_id)  # R: td_api.types._message_senders.MessageTopicThread | td_api.types._message_senders.MessageTopicForum | td_api.types._message_senders.MessageTopicDirectMessages | td_api.types._message_senders.MessageTopicSavedMessages | None
SendMessage(chat_id=1, input_message_content=None)  # E: Argument "input_message_content" to "SendMessage" has incompatible type "None"
reveal_type(execute(GetTextEntities(text="@a")))  # R: td_api.types._test_string.TextEntities
execute(GetMe())  # E: Argument 1 to "execute" has incompatible type "GetMe"; expected "SynchronousRequest[Never]"
client = Client()
reveal_type(client.invoke(GetMe()))  # R: td_api.types._upgraded_gift_attribute_rarity.User
client.execute(GetMe())  # E: Argument 1 to "execute" of "Client" has incompatible type "GetMe"


async def main(other: AsyncClient) -> None:
    reveal_type(await other.invoke(request))  # R: td_api.types._log_stream.Message
