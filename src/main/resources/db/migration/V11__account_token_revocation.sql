-- Operator tokens are revocable per account: every token of the account whose iat (whole seconds) is before this
-- instant answers 401 (POST /api/accounts/{id}/tokens/revoke). Null: nothing revoked.
alter table accounts add column tokens_revoked_before timestamptz;
