"""Generated catalogues of many products as knowledge packs, for the prompt and retrieval figures.

The shop's policies (about, prices, refunds, shipping, behaviour rules), resources and programs
are the gadgetstore demo pack's; only the products and the product list are generated, with
names that share words the way a real catalogue's do (brands, lines, materials, kinds).
"""
from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from core.shop.pack import PACKS_ROOT, load_pack, split_sections

BASE_PACK = "gadgetstore"
BRANDS = (
    "Aurora Pulse Volt Lumen Nimbus Orbit Halo Glide Typeflow Northwind Zephyr Quanta Helix Vertex Sol "
    "Boreal Cobalt Ember Fjord Granite Harbor Ion Juniper Kestrel Larch Meridian Nova Onyx Prism Quill "
    "Raven Sable Tundra Umber Vela Willow Xeno Yarrow Zenith Alto Breeze Cirrus Delta Echo Flint Gale "
    "Hollow Iris Jade"
).split()
LINES = (
    "Classic Pro Mini Max Air Lite Plus Ultra Studio Travel Home Sport Edge Core Prime Flex Zen Neo "
    "Urban Field Compact Grand Smart Eco Solo Duo Trio Quad Pocket Desk Wall Ceiling Outdoor Indoor "
    "Silent Turbo Rapid Smooth Bright"
).split()
MATERIALS = (
    "aluminium oak walnut bamboo steel titanium ceramic glass leather canvas linen wool cotton silicone "
    "carbon copper brass marble granite cork slate felt nylon polymer rubber graphite birch maple teak "
    "chrome"
).split()
KINDS = (
    "wireless earbuds|bluetooth speaker|power bank|webcam|mechanical keyboard|wireless mouse|tablet stand|"
    "smartwatch strap|led bulb|wireless charger|desk lamp|usb hub|laptop sleeve|phone case|cable organiser|"
    "monitor arm|headphone stand|wall clock|alarm clock|travel adapter|smart plug|door sensor|"
    "security camera|video doorbell|air purifier|kettle|coffee grinder|toaster|fan heater|humidifier|"
    "tripod|ring light|microphone|soundbar|turntable|router|network switch|memory card|ssd drive|"
    "hard drive|keyboard tray|mouse pad|drawing tablet|stylus pen|e-reader cover|backpack|"
    "bike light|thermometer|weather station|label printer|photo printer|projector|projector screen|"
    "gaming controller|charging cable|car mount|dash camera|smart scale|electric toothbrush|hair dryer"
).split("|")
COLOURS = "black white grey silver blue green red orange yellow purple pink beige navy teal olive".split()


@dataclass(frozen=True, slots=True)
class Product:
    code: str
    name: str
    price: str
    weight: str
    dimensions: str
    colours: str
    warranty: str
    material: str

    def markdown(self) -> str:
        return "\n".join([
            f"### {self.name}",
            f"- SKU: {self.code}",
            f"- Price: {self.price}",
            f"- Dimensions: {self.dimensions}",
            f"- Weight: {self.weight}",
            f"- Colours: {self.colours}",
            f"- Material: {self.material}",
            f"- Warranty: {self.warranty}",
        ])


@dataclass(frozen=True, slots=True)
class Question:
    """A question a customer could ask about one product, and the fact line that answers it."""

    text: str
    product: Product
    answer: str


def products(count: int, seed: int = 7) -> list[Product]:
    rng = random.Random(seed)
    names: set[str] = set()
    made: list[Product] = []
    while len(made) < count:
        name = f"{rng.choice(BRANDS)} {rng.choice(LINES)} {rng.choice(MATERIALS)} {rng.choice(KINDS)}"
        if name in names:
            continue
        names.add(name)
        n = len(made) + 1
        made.append(Product(
            code=f"{name.split()[0][:3].upper()}-{n:05d}",
            name=name,
            price=f"${rng.randint(5, 600)}.{rng.choice(('00', '49', '90', '99'))}",
            weight=f"{rng.randint(20, 4000)} g",
            dimensions=f"{rng.randint(2, 60)} x {rng.randint(2, 40)} x {rng.randint(1, 30)} cm",
            colours=", ".join(rng.sample(COLOURS, rng.randint(1, 4))),
            warranty=_years(rng.choice((1, 2, 3, 5))),
            material=name.split()[2],
        ))
    return made


def questions(items: list[Product], count: int, seed: int = 11) -> list[Question]:
    """Questions about random products, phrased as customers write them."""
    rng = random.Random(seed)
    templates = (
        ("How much does the {name} cost?", "Price"),
        ("What does the {name} weigh?", "Weight"),
        ("what are the dimensions of the {lower}?", "Dimensions"),
        ("Which colours does the {name} come in?", "Colours"),
        ("How long is the warranty on the {name}?", "Warranty"),
        ("Hi! Is the {lower} in stock, and what is the price?", "Price"),
        ("I'd like the {name}. How big is it?", "Dimensions"),
    )
    asked = []
    for product in rng.sample(items, min(count, len(items))):
        template, fact = rng.choice(templates)
        text = template.format(name=product.name, lower=product.name.lower())
        line = next(x for x in product.markdown().splitlines() if x.startswith(f"- {fact}:"))
        asked.append(Question(text, product, line))
    return asked


def write_pack(folder: Path, count: int, seed: int = 7) -> tuple[Path, list[Product]]:
    """A pack folder with `count` generated products; the rest is the base demo pack."""
    base = load_pack(BASE_PACK)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACKS_ROOT / BASE_PACK / "pack.toml", folder / "pack.toml")
    for sub in ("resources", "programs"):
        shutil.copytree(PACKS_ROOT / BASE_PACK / sub, folder / sub, dirs_exist_ok=True)
    items = products(count, seed)
    kept = [s for s in split_sections(base.document, set()) if s.title.casefold() not in ("products", "product list")]
    table = ["## Product list", "", "| SKU | Product | Price |", "| --- | --- | --- |"]
    table += [f"| {p.code} | {p.name} | {p.price} |" for p in items]
    # The generated sections take the place of the base pack's, after its introduction.
    head = [s.body for s in kept if s.title in ("Introduction", "About us")]
    tail = [s.body for s in kept if s.title not in ("Introduction", "About us")]
    products_section = "## Products\n\n" + "\n\n".join(p.markdown() for p in items)
    parts = [*head, products_section, "\n".join(table), *tail]
    (folder / "document.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return folder, items


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"
