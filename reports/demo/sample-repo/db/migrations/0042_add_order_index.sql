-- Applied by the deploy-production job; no lint step checks migrations for locking.
CREATE INDEX idx_orders_customer_created ON orders (customer_id, created_at);
