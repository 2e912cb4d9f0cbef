"""The domain: every kind of record and its fields, the rules (RAG, slippage, risk
bands, the cycle timetable), how records are named and ordered, dates in words,
and the errors people see. Imports nothing else of sendsec."""
