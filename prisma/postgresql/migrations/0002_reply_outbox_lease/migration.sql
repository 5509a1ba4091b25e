-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

