"""The acknowledgement a platform shows in its own way for a pressed rating button."""
from adapters.telegram.translate import CALLBACK_ANSWER_LIMIT, callback_answer
from core.messages import Address, Button, Outbound, Voice

ANN, BOB = Address("telegram", "42"), Address("telegram", "77")


def test_the_rated_reply_of_this_chat_is_the_callback_answer():
    replies = [
        Outbound(Address("desk", "e_1"), "card", Voice.CARD),
        Outbound(BOB, "Thanks Bob", Voice.RATED),
        Outbound(ANN, "Thank you for telling us.", Voice.RATED),
        Outbound(ANN, "Would you like a colleague?", Voice.NOTICE, (Button("👤", "rate:ab:person"),)),
    ]
    assert callback_answer(replies, ANN) == "Thank you for telling us."


def test_no_acknowledgement_for_a_redelivered_press_and_long_ones_cut():
    assert callback_answer([], ANN) == ""
    assert len(callback_answer([Outbound(ANN, "x" * 500, Voice.RATED)], ANN)) == CALLBACK_ANSWER_LIMIT


async def test_the_senders_do_not_send_the_acknowledgement_as_a_message():
    from adapters.discord.sender import DiscordSender
    from adapters.telegram.sender import TelegramSender

    class NoBot:
        async def do_api_request(self, *args, **kwargs):
            raise AssertionError("a rating's acknowledgement went out as a message")

    rated = Outbound(ANN, "Thank you for your feedback!", Voice.RATED)
    def no_client():
        raise AssertionError("a rating's acknowledgement went out as a message")

    await TelegramSender(NoBot())(rated)
    await DiscordSender(no_client)(rated)
