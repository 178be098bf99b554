"""TL text -> checked schema: grammar (tl.lark), parser, immutable model, CRC32 ids, validation."""
