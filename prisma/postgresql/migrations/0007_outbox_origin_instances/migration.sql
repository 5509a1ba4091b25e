-- AlterTable
ALTER TABLE "OutboundMessage" DROP COLUMN "leaseUntil",
ADD COLUMN     "channel" TEXT,
ADD COLUMN     "chatId" TEXT,
ADD COLUMN     "originId" TEXT,
ADD COLUMN     "originKind" TEXT,
ALTER COLUMN "citizenId" DROP NOT NULL;

-- Edited by hand: every row gets its citizen's channel (the column is new and required).
UPDATE "OutboundMessage" o SET "channel" = COALESCE((SELECT c."channel" FROM "Citizen" c WHERE c."id" = o."citizenId"), 'web');
ALTER TABLE "OutboundMessage" ALTER COLUMN "channel" SET NOT NULL;

-- CreateTable
CREATE TABLE "LocalityMap" (
    "id" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LocalityMap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficerGroupPost" (
    "messageId" TEXT NOT NULL,
    "ticketCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfficerGroupPost_pkey" PRIMARY KEY ("messageId")
);

-- CreateIndex
CREATE INDEX "OutboundMessage_channel_claimedBy_idx" ON "OutboundMessage"("channel", "claimedBy");


-- Edited by hand: the Setting table keeps settings only. The officer group's post index moves to
-- its own table, and so does the fingerprint of the locality map last applied (0005); broadcast
-- heartbeats give way to "Instance"; the paid-broadcast key nothing wrote goes.
INSERT INTO "OfficerGroupPost" ("messageId", "ticketCode") SELECT substr("key", length('officerGroup.post.') + 1), "value" FROM "Setting" WHERE "key" LIKE 'officerGroup.post.%';
INSERT INTO "LocalityMap" ("id", "fingerprint", "appliedAt") SELECT 1, "value", "updatedAt" FROM "Setting" WHERE "key" = 'localities.map';
DELETE FROM "Setting" WHERE "key" LIKE 'officerGroup.post.%' OR "key" = 'localities.map' OR "key" LIKE 'broadcasts.instance.%' OR "key" = 'telegram.allowPaidBroadcast';
