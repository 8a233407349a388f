-- One row per on-call hand-off (the instant someone else went on call). It is inserted in the same
-- transaction as the hand-off's outbox rows (the note in DIGEST_CHANNEL, the DM to the incoming
-- person), and the unique instant makes a second instance (or a restarted one) insert nothing:
-- each hand-off is announced once.
CREATE TABLE "handoff_runs" (
    "id" SERIAL NOT NULL,
    "handoff_at" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,
    "previous_user_id" TEXT,
    "critical_open" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "handoff_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "handoff_runs_handoff_at_key" ON "handoff_runs"("handoff_at");
