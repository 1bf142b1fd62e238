"""The bot's commands: the catalogue of who may use each, where, and how it is described
(`catalogue`), and the menus Telegram shows from it (`menus`)."""
