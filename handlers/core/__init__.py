"""What every bot user meets whatever the features: the middleware that runs first, /start,
/help, /language, /audit, and the fallback and error handler that run last."""
