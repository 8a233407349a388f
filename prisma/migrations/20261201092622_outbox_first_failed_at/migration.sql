-- A transiently failing outbox row gives up after a time budget measured from its first failure
-- (not after a number of attempts, which rate limits used to eat up).
ALTER TABLE "outbox_messages" ADD COLUMN "first_failed_at" TIMESTAMPTZ(3);
