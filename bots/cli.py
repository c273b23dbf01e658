"""`csbot`: the command line. Every failure a user can cause ends in one line, not a traceback."""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from rich.console import Console

from bots import redaction
from bots.config import Config, ConfigError, config_values, load_config
from bots.console import console_for
from core.shop.pack import PackError
from core.store.base import StoreError


def _common(parser: argparse.ArgumentParser, model: bool = True) -> None:
    parser.add_argument("--config", help="settings file (default: csbot.toml if present)")
    parser.add_argument("--pack", help="pack name under knowledge/ or a path to a pack folder")
    parser.add_argument("--db", help="SQLite file (default: csbot.db) or postgresql://user@host/dbname")
    if model:
        parser.add_argument("--model", help="ollama[:MODEL] | openai:URL#MODEL | offline")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="csbot", description="Customer-service assistant for online shops.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="chat with the bot in the terminal")
    _common(chat)
    chat.add_argument("--show-backstage", action="store_true", help="print the model's hidden commands")
    chat.add_argument("--new", action="store_true", help="start a new conversation instead of resuming the last one")

    desk = commands.add_parser("desk", help="the staff desk in the terminal: answer, approve, deny, return escalations")
    _common(desk, model=False)
    desk.add_argument("--as", dest="staff", help="your name as customers see it (default: your login name)")

    run = commands.add_parser("run", help="run every configured adapter (Telegram, Slack, Discord, web)")
    _common(run)

    web = commands.add_parser("web", help="serve the web chat widget and a demo shop page")
    _common(web)
    web.add_argument("--host", default=None)
    web.add_argument("--port", type=int, default=None)

    triage = commands.add_parser("triage", help="screen and triage messages: lines in, JSON lines out")
    triage.add_argument("file", nargs="?", help="input file (default: stdin)")
    triage.add_argument("--pack", help="add the pack's triage terms")

    train = commands.add_parser("train", help="rebuild the screens' classifier from ../shared/data and validate it")
    train.add_argument("--no-validate", action="store_true", help="only write the model file")

    evaluate = commands.add_parser("eval", help="measure which duties the model handles reliably")
    _common(evaluate)
    evaluate.add_argument("--trials", type=int, default=3)
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--duty", action="append", help="only these duties")
    evaluate.add_argument("--out", default="eval-report")
    evaluate.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"))

    knowledge = commands.add_parser("knowledge", help="knowledge pack tools")
    knowledge_commands = knowledge.add_subparsers(dest="knowledge_command", required=True)
    check = knowledge_commands.add_parser("check", help="validate a pack")
    check.add_argument("pack")

    orders = commands.add_parser("orders", help="the shop's order source ([orders] in csbot.toml)")
    orders_commands = orders.add_subparsers(dest="orders_command", required=True)
    orders_check = orders_commands.add_parser("check", help="dry run: reach the order source and read one order")
    orders_check.add_argument("--order", help="the order to read (nothing is changed)")
    _common(orders_check, model=False)

    conversations = commands.add_parser("conversations", help="list stored conversations, or show one")
    conversations.add_argument("id", nargs="?")
    _common(conversations, model=False)

    report = commands.add_parser("report", help="the owner's figures: resolution, handoffs, ratings, unanswered questions")
    _common(report, model=False)
    report.add_argument("--since", default="7d", help="7d, 24h, 2w or a date (default: 7d)")
    report.add_argument("--until", default=None, help="end of the period (default: now)")
    report.add_argument("--by", default="day", choices=("day", "platform", "language", "topic", "reason"))
    report.add_argument("--png", help="write the chart of conversations per day to this PNG file")
    report.add_argument("--csv", help="write the rows of the --by view to this CSV file")
    report.add_argument("--quiet-hours", type=float, default=24.0, help="a conversation is over after this long quiet")

    escalations = commands.add_parser("escalations", help="list escalations, or show one")
    escalations.add_argument("id", nargs="?")
    escalations.add_argument("--open", action="store_true", help="only open ones")
    _common(escalations, model=False)

    forget = commands.add_parser("forget", help="delete one customer's conversations and all stored about them")
    forget.add_argument("customer", help="address key (telegram:42), platform id (42) or e-mail address")
    _common(forget, model=False)

    export = commands.add_parser("export", help="write conversations.csv and ratings.csv for a period")
    _common(export, model=False)
    export.add_argument("--since", default="30d", help="30d, 24h, 2w or a date (default: 30d)")
    export.add_argument("--until", default=None, help="end of the period (default: now)")
    export.add_argument("--out", default="export", help="folder to write the files into (default: export)")
    return parser


def _config(args: argparse.Namespace) -> Config:
    config = load_config(getattr(args, "config", None))
    overrides = {k: getattr(args, k, None) for k in ("pack", "model", "db")}
    return Config(**{**config.__dict__, **{k: v for k, v in overrides.items() if v}})


async def _dispatch(args: argparse.Namespace, console: Console) -> int:
    command = args.command
    if command == "knowledge":
        from bots.knowledge_cmd import check_command

        return check_command(args.pack, console)
    if command == "triage":
        from bots.triage_cmd import triage_command

        return triage_command(args.file, args.pack)
    if command == "train":
        from bots.train_cmd import train_command

        return train_command(validate=not args.no_validate)
    config = _config(args)
    # The effective settings may carry passwords the environment does not name (db = in csbot.toml).
    redaction.install(os.environ, redaction.secrets_in_settings(*config_values(config)))
    if command == "orders":
        from bots.orders_cmd import orders_check

        return await orders_check(config, console, args.order)
    if command == "conversations":
        from bots.inspect_cmd import show_conversations

        return await show_conversations(config.db, args.id, console)
    if command == "report":
        from bots.report_cmd import report_command
        from core.shop.pack import load_pack

        pack = load_pack(config.pack) if config.pack else None
        return await report_command(config.db, pack, console, since=args.since, until=args.until, by=args.by,
                                    png=args.png, csv_path=args.csv, quiet_hours=args.quiet_hours)
    if command in ("forget", "export"):
        from bots.privacy_cmd import export_command, forget_command

        if command == "forget":
            return await forget_command(config.db, args.customer, console)
        return await export_command(config.db, args.since, args.until, args.out, console)
    if command == "escalations":
        from bots.inspect_cmd import show_escalations

        return await show_escalations(config.db, args.id, args.open, console)
    if command == "chat":
        from bots.chat_cmd import chat_command

        return await chat_command(config, console, show_backstage=args.show_backstage, new=args.new)
    if command == "desk":
        from bots.desk_cmd import desk_command

        return await desk_command(config, console, staff=args.staff)
    if command == "eval":
        from bots.eval_cmd import eval_command

        return await eval_command(config, args, console)
    if command == "web":
        from bots.run_cmd import web_command

        return await web_command(config, console, host=args.host, port=args.port)
    from bots.run_cmd import run_command

    return await run_command(config, console)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.verbose:  # our own loggers only: libraries' INFO lines carry request URLs (and tokens)
        for name in ("csbot", "adapters", "bots", "core"):
            logging.getLogger(name).setLevel(logging.INFO)
    redaction.install(os.environ, redaction.secrets_in_settings(sys.argv[1:] if argv is None else argv))
    console = console_for(sys.stdout)
    try:
        return asyncio.run(_dispatch(args, console))
    except (ConfigError, PackError, StoreError, ValueError) as error:
        print(f"csbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
