-- The DM conversation (D…) opened with each person the bot pages: chat.postMessage to a user ID
-- lands in that DM, but chat.update needs the conversation's own ID, which conversations.open
-- returns. Kept so that every DM copy of an alert can be updated, and the DM is opened once.
CREATE TABLE "dm_channels" (
    "user_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dm_channels_pkey" PRIMARY KEY ("user_id")
);
