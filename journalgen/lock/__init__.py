"""A journal locked with a password: the cipher (pure) and the locked site built with it."""
