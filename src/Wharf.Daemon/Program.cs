// The wharfd entry point; the composition root arrives with the daemon work.
return 0;
