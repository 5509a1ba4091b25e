-- AlterTable
ALTER TABLE "FaqFeedback" ADD COLUMN "locale" TEXT;

-- CreateTable
CREATE TABLE "FaqProposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "faqId" TEXT NOT NULL,
    "locale" TEXT,
    "content" TEXT NOT NULL,
    "sourceNormalized" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" DATETIME,
    "reviewNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FaqContentVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "FaqProposal_status_reviewedAt_idx" ON "FaqProposal"("status", "reviewedAt");

-- CreateIndex
CREATE INDEX "FaqProposal_sourceNormalized_idx" ON "FaqProposal"("sourceNormalized");

