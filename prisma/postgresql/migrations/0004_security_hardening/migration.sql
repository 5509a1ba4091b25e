-- AlterTable
ALTER TABLE "Officer" DROP COLUMN "failedLogins",
DROP COLUMN "lockedUntil",
ADD COLUMN     "totpLastStep" INTEGER,
ADD COLUMN     "totpPendingSecretEnc" TEXT;

-- AlterTable
ALTER TABLE "ConsoleSession" ADD COLUMN     "totpFailures" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "keyed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BroadcastEditor" (
    "broadcastId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BroadcastEditor_pkey" PRIMARY KEY ("broadcastId","officerId")
);

-- CreateTable
CREATE TABLE "Throttle" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Throttle_expiresAt_idx" ON "Throttle"("expiresAt");

-- AddForeignKey
ALTER TABLE "BroadcastEditor" ADD CONSTRAINT "BroadcastEditor_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

