-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "OutboundMessage" ADD COLUMN "leaseUntil" DATETIME;

