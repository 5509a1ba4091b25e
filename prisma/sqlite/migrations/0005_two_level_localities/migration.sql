-- CreateTable
CREATE TABLE "FormerLocality" (
    "code" TEXT NOT NULL,
    "successorCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parentCode" TEXT,
    "nameFolded" TEXT NOT NULL,
    "share" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("code", "successorCode")
);

-- CreateIndex
CREATE INDEX "FormerLocality_successorCode_idx" ON "FormerLocality"("successorCode");

