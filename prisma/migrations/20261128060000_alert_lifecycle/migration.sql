-- A person resolved the alert: the next watch cycle checks whether the problem is really gone
-- and re-opens the alert if it is not.
ALTER TABLE "alerts" ADD COLUMN "verify_resolution" BOOLEAN NOT NULL DEFAULT false;

-- Bumped on every change to the alert; buttons carry it so a click on a stale message is caught.
ALTER TABLE "alerts" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- Consumption over recent days (days of cover) reads movements by time, across products.
CREATE INDEX "stock_movements_created_at_idx" ON "stock_movements"("created_at");

-- Not expressible in schema.prisma: the low-stock watcher reads exactly these rows.
CREATE INDEX "products_low_stock_idx" ON "products"("sku_key") WHERE "active" AND "stock" <= "min_stock";

-- Not expressible in schema.prisma: overdue candidates without scanning paid or retired orders.
CREATE INDEX "orders_pending_due_idx" ON "orders"("due_date") WHERE "active" AND "status" = 'pending';
