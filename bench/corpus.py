"""Synthetic but realistic news articles, deterministic from a seed, in any number.

Each article has a title, named speakers introduced with role and place, direct quotes (split,
multi-paragraph, floating), indirect and mixed quotes, pronoun and honorific references,
outlets spoken to, background paragraphs without attributions, and boilerplate.

    python bench/corpus.py OUT_DIR --articles 1000 [--seed 7]
"""

import argparse
import random
from pathlib import Path

FIRST = (
    "Anna Maria Jan Olga Pavel Ivan Sofia Lukas Elena Tomas Marta Karl Nadia Pierre Aisha Omar Grace Liam "
    "Hannah Mateo Yuki Ravi Chloe Diego Ingrid Kofi Leila Noah Priya Sven"
).split()
LAST = (
    "Kowalski Novak Petrenko Derbeiko Weber Lindqvist Moreau Haddad Okafor Silva Tanaka Brennan Kaur Rossi "
    "Hansen Dubois Mensah Ortiz Fischer Ivanova Walsh Nakamura Costa Berg Quinn Adeyemi Larsen Duarte"
).split()
ROLES = [
    "a local councillor",
    "a nurse at the city hospital",
    "a volunteer with the Red Cross",
    "a spokesman for the ministry",
    "an economist at the central bank",
    "the head of the farmers' union",
    "a retired teacher",
    "a shop owner",
    "the town's mayor",
    "a fisherman",
    "a student leader",
    "a senior police officer",
]
PLACES = [
    "Kyiv",
    "Gdansk",
    "Lyon",
    "Porto",
    "Tampere",
    "Brno",
    "Leeds",
    "Cork",
    "Ghent",
    "Bergen",
    "Split",
    "Lodz",
]
OUTLETS = [
    "the BBC",
    "Reuters",
    "Sky News",
    "MailOnline",
    "The Guardian",
    "CNN",
    "Le Monde",
    "the Financial Times",
    "Britain's i newspaper",
    "Al Jazeera",
    "The Times",
    "NPR",
]
TOPICS = [
    "the new bridge",
    "the water supply",
    "fuel prices",
    "the hospital closure",
    "the school budget",
    "the harbour expansion",
    "the flood defences",
    "the rail strike",
    "housing costs",
    "the night curfew",
]
CLAIMS = [
    "{topic} will cost far more than anyone admitted",
    "nobody asked the people who live here about {topic}",
    "we have waited three years for an answer on {topic}",
    "{topic} is the only thing anyone talks about",
    "the council has no plan for {topic}",
    "families will pay the price for {topic}",
    "{topic} could be fixed within a year if there was the will",
    "the figures on {topic} do not add up",
]
BACKGROUND = [
    "The council met on Tuesday evening to discuss {topic}, and the session ran past midnight.",
    "Figures published last month showed a sharp rise in complaints about {topic}.",
    "Work on {topic} began in {year} and was meant to finish two years later.",
    "Several hundred residents gathered outside the town hall on Saturday.",
    "The region has seen a number of protests since the spring, most of them peaceful.",
    "A report by the national audit office is due to be published in the autumn.",
]
SPEECH = ["said", "added", "explained", "warned", "argued", "insisted", "claimed", "noted"]
BOILERPLATE = [
    "Leave a Reply",
    "Please enter your comment!",
    "Please enter your name here",
    "Picture credit: Getty Images",
]


def person(rng: random.Random) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "first": first,
        "last": last,
        "full": f"{first} {last}",
        "role": rng.choice(ROLES),
        "age": rng.randint(22, 79),
        "place": rng.choice(PLACES),
        **rng.choice(
            [
                {"honorific": "Mr", "pronoun": "He"},
                {"honorific": "Ms", "pronoun": "She"},
                {"honorific": "Dr", "pronoun": rng.choice(["He", "She"])},
            ]
        ),
    }


def claim(rng: random.Random, topic: str) -> str:
    text = rng.choice(CLAIMS).format(topic=topic)
    return text[0].upper() + text[1:]


def speaker_block(rng: random.Random, who: dict, topic: str) -> list[str]:
    outlet = rng.choice(OUTLETS)
    paragraphs = [
        f"{who['full']}, {who['age']}, {who['role']} from {who['place']}, told {outlet}: "
        f"“{claim(rng, topic)}.”"
    ]
    kind = rng.randrange(5)
    if kind == 0:  # multi-paragraph quotation
        paragraphs += [f"“{claim(rng, topic)}.", f"“{claim(rng, topic)}.”"]
    elif kind == 1:  # split quotation
        paragraphs.append(
            f"“{claim(rng, topic)},” {who['honorific']} {who['last']} {rng.choice(SPEECH)}, "
            f"“and {rng.choice(CLAIMS).format(topic=topic)}.”"
        )
    elif kind == 2:  # indirect by pronoun, then a floating quote
        paragraphs += [
            f"{who['pronoun']} {rng.choice(SPEECH)} that {rng.choice(CLAIMS).format(topic=topic)}.",
            f"“{claim(rng, topic)}.”",
        ]
    elif kind == 3:  # mixed quotation
        paragraphs.append(
            f"{who['honorific']} {who['last']} said {rng.choice(CLAIMS).format(topic=topic)} and "
            f"called the decision “a disgrace to the whole region”."
        )
    else:  # according to
        paragraphs.append(f"{claim(rng, topic)}, according to {who['honorific']} {who['last']}.")
    return paragraphs


def article(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    speakers = [person(rng) for _ in range(rng.randint(1, 3))]
    paragraphs = [f"Row over {topic} deepens in {speakers[0]['place']}", ""]
    for who in speakers:
        paragraphs.append(rng.choice(BACKGROUND).format(topic=topic, year=rng.randint(2015, 2023)))
        paragraphs += speaker_block(rng, who, topic)
    paragraphs.append(rng.choice(BACKGROUND).format(topic=topic, year=rng.randint(2015, 2023)))
    if rng.random() < 0.5:
        paragraphs += [
            f"{rng.choice(TOPICS).capitalize()} row grows [LATEST]",
            f"Minister {rng.choice(FIRST)} {rng.choice(LAST)} says {rng.choice(TOPICS)} must wait [UPDATES]",
        ]
    if rng.random() < 0.5:
        paragraphs += rng.sample(BOILERPLATE, 2)
    return "\n\n".join(p for p in paragraphs if p is not None)


def generate(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [article(rng) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(generate(args.articles, args.seed)):
        (args.out_dir / f"synthetic_{i:07d}.txt").write_text(text, encoding="utf-8")
    print(f"RESULT articles={args.articles} seed={args.seed} out={args.out_dir}")


if __name__ == "__main__":
    main()
