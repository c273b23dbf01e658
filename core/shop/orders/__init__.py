"""The shop's orders: one interface to every order system (`OrderSource`), what each call really
did (`Outcome`), the embedded source on the pack's orders.csv (`PackOrders`), what csbot keeps
in the store (`OrderBook`), and the programs run against them (`ShopOrders`)."""
from core.shop.orders.attempts import Asker, Attempts
from core.shop.orders.book import Change, MemoryOrderBook, OrderBook, RefundIntent
from core.shop.orders.order import Item, Order, Refund, money
from core.shop.orders.outcome import Kind, Outcome
from core.shop.orders.pack_source import PackOrders
from core.shop.orders.source import Guarded, OrderSource
from core.shop.orders.table import FILE, ORDER_COLUMN, Orders, Verification, load_orders

__all__ = [
    "Asker", "Attempts", "Change", "FILE", "Guarded", "Item", "Kind", "MemoryOrderBook", "ORDER_COLUMN", "Order",
    "OrderBook", "OrderSource", "Orders", "Outcome", "PackOrders", "Refund", "RefundIntent", "Verification",
    "load_orders", "money",
]
