"""Write models/dev/present-day.jsonl: short present-day news sentences written for nerx (not
taken from any corpus), with the PER/ORG/LOC mentions a news reader expects under nerx's
conventions (companies, groups and clubs ORG; awards, events, products and nationalities
none). A small dev set of the kind issue 17 names, scored with `nerx evaluate
models/dev/present-day.jsonl`; its recall is the share of expected mentions found.

Run: `python models/scripts/present_day.py` (rewrites the file from the list below)."""

from __future__ import annotations

from pathlib import Path

import orjson

SENTENCES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Uber said on Tuesday that its quarterly revenue rose 15 per cent.", [("Uber", "ORG")]),
    ("Tesla shares fell after Elon Musk sold more stock.",
     [("Tesla", "ORG"), ("Elon Musk", "PER")]),
    ("TikTok has been fined by Ireland's Data Protection Commission.",
     [("TikTok", "ORG"), ("Ireland", "LOC"), ("Data Protection Commission", "ORG")]),
    ("Pfizer and BioNTech will supply the vaccine to the European Union.",
     [("Pfizer", "ORG"), ("BioNTech", "ORG"), ("European Union", "ORG")]),
    ("OpenAI chief executive Sam Altman met Rishi Sunak in London.",
     [("OpenAI", "ORG"), ("Sam Altman", "PER"), ("Rishi Sunak", "PER"), ("London", "LOC")]),
    ("The Taliban took control of Kabul in August 2021.", [("Taliban", "ORG"), ("Kabul", "LOC")]),
    ("Hamas and Israel agreed to a ceasefire brokered by Qatar and Egypt.",
     [("Hamas", "ORG"), ("Israel", "LOC"), ("Qatar", "LOC"), ("Egypt", "LOC")]),
    ("Hezbollah fired rockets into northern Israel on Sunday.",
     [("Hezbollah", "ORG"), ("Israel", "LOC")]),
    ("The Wagner Group withdrew from Bakhmut, Yevgeny Prigozhin said.",
     [("Wagner Group", "ORG"), ("Bakhmut", "LOC"), ("Yevgeny Prigozhin", "PER")]),
    ("Chelsea beat Arsenal 2-1 at Stamford Bridge on Saturday.",
     [("Chelsea", "ORG"), ("Arsenal", "ORG"), ("Stamford Bridge", "LOC")]),
    ("Amazon will open a new warehouse in Ohio next year.", [("Amazon", "ORG"), ("Ohio", "LOC")]),
    ("Time Warner reported higher profits for the third quarter.", [("Time Warner", "ORG")]),
    ("The film won the Oscar for best picture.", []),
    ("Brexit has hurt trade between Britain and France, economists say.",
     [("Britain", "LOC"), ("France", "LOC")]),
    ("Volodymyr Zelensky thanked Joe Biden for military aid to Ukraine.",
     [("Volodymyr Zelensky", "PER"), ("Joe Biden", "PER"), ("Ukraine", "LOC")]),
    ("Nvidia overtook Microsoft as the world's most valuable company.",
     [("Nvidia", "ORG"), ("Microsoft", "ORG")]),
    ("The Houthis attacked ships in the Red Sea, the Pentagon said.",
     [("Houthis", "ORG"), ("Red Sea", "LOC"), ("Pentagon", "ORG")]),
    ("Keir Starmer's Labour Party won the general election.",
     [("Keir Starmer", "PER"), ("Labour Party", "ORG")]),
    ("Real Madrid signed Kylian Mbappe from Paris Saint-Germain.",
     [("Real Madrid", "ORG"), ("Kylian Mbappe", "PER"), ("Paris Saint-Germain", "ORG")]),
    ("Meta, which owns Facebook and Instagram, laid off 10,000 workers.",
     [("Meta", "ORG"), ("Facebook", "ORG"), ("Instagram", "ORG")]),
    ("Netflix added eight million subscribers, the company said.", [("Netflix", "ORG")]),
    ("Narendra Modi visited Washington to meet Kamala Harris.",
     [("Narendra Modi", "PER"), ("Washington", "LOC"), ("Kamala Harris", "PER")]),
    ("SpaceX launched another Starship rocket from Texas.", [("SpaceX", "ORG"), ("Texas", "LOC")]),
    ("Google was ordered to pay damages by a court in Brussels.",
     [("Google", "ORG"), ("Brussels", "LOC")]),
    ("Taylor Swift's tour brought millions of fans to Singapore.",
     [("Taylor Swift", "PER"), ("Singapore", "LOC")]),
    ("The Federal Reserve held interest rates steady, Jerome Powell said.",
     [("Federal Reserve", "ORG"), ("Jerome Powell", "PER")]),
    ("Apple unveiled the new iPhone at its headquarters in Cupertino.",
     [("Apple", "ORG"), ("Cupertino", "LOC")]),
    ("Manchester United sacked Erik ten Hag after a run of defeats.",
     [("Manchester United", "ORG"), ("Erik ten Hag", "PER")]),
    ("Emmanuel Macron called a snap election after the vote.", [("Emmanuel Macron", "PER")]),
    # Written after the rules above were settled: not used to choose any of them.
    ("Anthropic and Google DeepMind published new safety research on Thursday.",
     [("Anthropic", "ORG"), ("Google DeepMind", "ORG")]),
    ("Airbnb cut its forecast as bookings slowed in Spain and Italy.",
     [("Airbnb", "ORG"), ("Spain", "LOC"), ("Italy", "LOC")]),
    ("Giorgia Meloni met Olaf Scholz in Rome to discuss migration.",
     [("Giorgia Meloni", "PER"), ("Olaf Scholz", "PER"), ("Rome", "LOC")]),
    ("Liverpool fans welcomed Arne Slot to Anfield.",
     [("Liverpool", "ORG"), ("Arne Slot", "PER"), ("Anfield", "LOC")]),
    ("Samsung and TSMC are building chip plants in Arizona.",
     [("Samsung", "ORG"), ("TSMC", "ORG"), ("Arizona", "LOC")]),
    ("The World Health Organization declared the mpox outbreak an emergency.",
     [("World Health Organization", "ORG")]),
    ("Protesters gathered outside Downing Street as Sir Keir Starmer spoke.",
     [("Downing Street", "LOC"), ("Keir Starmer", "PER")]),
    ("Hurricane Milton made landfall in Florida, the National Hurricane Center said.",
     [("Florida", "LOC"), ("National Hurricane Center", "ORG")]),
    ("Boeing's new chief executive Kelly Ortberg visited its factory in Seattle.",
     [("Boeing", "ORG"), ("Kelly Ortberg", "PER"), ("Seattle", "LOC")]),
    ("Shein, the fast-fashion retailer, plans a listing in London.",
     [("Shein", "ORG"), ("London", "LOC")]),
    ("Lula da Silva hosted the G20 summit in Rio de Janeiro.",
     [("Lula da Silva", "PER"), ("Rio de Janeiro", "LOC")]),
]


def records() -> list[dict[str, object]]:
    out = []
    for number, (text, mentions) in enumerate(SENTENCES):
        spans, position = [], 0
        for surface, label in mentions:
            start = text.index(surface, position)
            spans.append({"start": start, "end": start + len(surface), "label": label})
            position = start + len(surface)
        out.append({"id": f"present-day-{number:02d}", "text": text, "spans": spans})
    return out


def main() -> None:
    path = Path(__file__).resolve().parents[1] / "dev" / "present-day.jsonl"
    path.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records()))


if __name__ == "__main__":
    main()
