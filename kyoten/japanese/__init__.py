"""Japanese text: readings behind a reviewed dictionary (readings), furigana (furigana), 和暦, 年度 and figures (formats). Imports nothing else of kyoten."""
