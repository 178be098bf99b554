"""Two schemas -> findings (wire and Python verdicts) -> text, markdown, json or GitHub output."""
