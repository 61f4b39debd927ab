db_token = "tok-db-7f3a9c2e5b1d4f6a"
