-- Written by hand instead of Prisma's table redefinition: this migration runs inside a
-- transaction, where "PRAGMA foreign_keys=OFF" has no effect, and dropping the Officer table
-- could then clear the officer columns of tickets, events and broadcasts. SQLite 3.35+ adds and
-- drops these columns in place.

-- CreateTable
CREATE TABLE "BroadcastEditor" (
    "broadcastId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("broadcastId", "officerId"),
    CONSTRAINT "BroadcastEditor_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Throttle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL
);

-- AlterTable
ALTER TABLE "Officer" DROP COLUMN "failedLogins";
ALTER TABLE "Officer" DROP COLUMN "lockedUntil";
ALTER TABLE "Officer" ADD COLUMN "totpPendingSecretEnc" TEXT;
ALTER TABLE "Officer" ADD COLUMN "totpLastStep" INTEGER;

-- AlterTable
ALTER TABLE "ConsoleSession" ADD COLUMN "totpFailures" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN "keyed" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Throttle_expiresAt_idx" ON "Throttle"("expiresAt");
