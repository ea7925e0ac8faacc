"""HTTP only: the app factory, API routes, error mapping, CORS and the embed assets."""
