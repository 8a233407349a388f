-- A product's stock when it was created (import or ingest API). Its first stock is no longer a
-- stock movement: an import writes new products by COPY, and the movement's insert and its
-- foreign-key check were a third of a new product's cost. Stock = initial_stock + the sum of its
-- movements' deltas. NULL for products created before: their first stock is their first movement.
ALTER TABLE "products" ADD COLUMN "initial_stock" INTEGER;
