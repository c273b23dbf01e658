"""Order sources outside csbot: WooCommerce's REST API and a small HTTP JSON contract for shops
with their own system. The interface and the embedded source are in core/shop/orders/."""
