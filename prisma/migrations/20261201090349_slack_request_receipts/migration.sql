-- Signed Slack requests already handed to the app, so a replay (same signature) is not run twice,
-- across instances, for as long as the signature is accepted.
CREATE TABLE "slack_request_receipts" (
    "key" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_request_receipts_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "slack_request_receipts_expires_at_idx" ON "slack_request_receipts"("expires_at");
