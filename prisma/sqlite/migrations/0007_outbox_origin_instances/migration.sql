-- CreateTable
CREATE TABLE "LocalityMap" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fingerprint" TEXT NOT NULL,
    "appliedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OfficerGroupPost" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "ticketCode" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboundMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "citizenId" TEXT,
    "channel" TEXT NOT NULL,
    "chatId" TEXT,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "options" TEXT,
    "originKind" TEXT,
    "originId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    CONSTRAINT "OutboundMessage_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Edited by hand: every row gets its citizen's channel (the column is new and required).
INSERT INTO "new_OutboundMessage" ("citizenId", "channel", "claimedBy", "createdAt", "id", "kind", "options", "text")
SELECT o."citizenId", COALESCE((SELECT c."channel" FROM "Citizen" c WHERE c."id" = o."citizenId"), 'web'), o."claimedBy", o."createdAt", o."id", o."kind", o."options", o."text" FROM "OutboundMessage" o;
DROP TABLE "OutboundMessage";
ALTER TABLE "new_OutboundMessage" RENAME TO "OutboundMessage";
CREATE INDEX "OutboundMessage_citizenId_id_idx" ON "OutboundMessage"("citizenId", "id");
CREATE INDEX "OutboundMessage_channel_claimedBy_idx" ON "OutboundMessage"("channel", "claimedBy");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Edited by hand: the Setting table keeps settings only. The officer group's post index moves to
-- its own table, and so does the fingerprint of the locality map last applied (0005); broadcast
-- heartbeats give way to "Instance"; the paid-broadcast key nothing wrote goes.
INSERT INTO "OfficerGroupPost" ("messageId", "ticketCode") SELECT substr("key", length('officerGroup.post.') + 1), "value" FROM "Setting" WHERE "key" LIKE 'officerGroup.post.%';
INSERT INTO "LocalityMap" ("id", "fingerprint", "appliedAt") SELECT 1, "value", "updatedAt" FROM "Setting" WHERE "key" = 'localities.map';
DELETE FROM "Setting" WHERE "key" LIKE 'officerGroup.post.%' OR "key" = 'localities.map' OR "key" LIKE 'broadcasts.instance.%' OR "key" = 'telegram.allowPaidBroadcast';
