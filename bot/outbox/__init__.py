"""The durable outbox: one message to many people, sent once each, across crashes.

`store` and `engine` keep and send it (no telegram); `sender` is its Telegram side,
`notices` how features send through it, `content` what one message says.
"""
