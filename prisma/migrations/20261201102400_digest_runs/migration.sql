-- One row per scheduled digest time. It is inserted in the same transaction as the digest's outbox
-- rows, and the unique scheduled time makes a second instance (or a restarted one) insert nothing:
-- each scheduled digest is posted once. Its headline figures draw the trend of the next digests.
CREATE TABLE "digest_runs" (
    "id" SERIAL NOT NULL,
    "scheduled_for" TIMESTAMPTZ(3) NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT,
    "figures" JSONB NOT NULL,

    CONSTRAINT "digest_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "digest_runs_scheduled_for_key" ON "digest_runs"("scheduled_for");
