-- AlterTable
ALTER TABLE "FaqFeedback" ADD COLUMN     "locale" TEXT;

-- CreateTable
CREATE TABLE "FaqProposal" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "faqId" TEXT NOT NULL,
    "locale" TEXT,
    "content" TEXT NOT NULL,
    "sourceNormalized" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FaqProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaqContentVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "FaqContentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FaqProposal_status_reviewedAt_idx" ON "FaqProposal"("status", "reviewedAt");

-- CreateIndex
CREATE INDEX "FaqProposal_sourceNormalized_idx" ON "FaqProposal"("sourceNormalized");

