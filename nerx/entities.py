"""Group an article's mentions into entities: one record per real entity.

Mentions join one entity when they are the same name once case, a leading "the", a
possessive and titles are set aside; when a short person name is part of exactly one fuller
person name in the article ("Durrani" → "Asad Durrani"), or an organisation's name the tail of
exactly one fuller one ("Taliban" → "Afghan Taliban"); and when an acronym is defined in the
text ("Tehreek-e-Taliban Pakistan (TTP)") or matches the initials of exactly one name."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from nerx.labels import DEFAULT_LABELS, ORG, PERSON, nerx_label
from nerx.records import Entity, Mention

TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "madam", "president", "vice", "prime", "minister", "ministers", "acting", "deputy",
    "secretary", "general", "gen", "col", "colonel", "maj", "major", "capt", "captain", "lt",
    "lieutenant", "sgt", "sergeant", "cmdr", "commander", "adm", "admiral", "ambassador",
    "envoy", "senator", "sen", "sens", "rep", "reps", "representative", "congressman",
    "congresswoman",
    "governor", "gov", "mayor", "judge", "justice", "chief", "king", "queen", "prince",
    "princess", "sheikh", "sheik", "maulvi", "maulana", "mawlawi", "mullah", "imam",
    "ayatollah", "rev", "reverend", "father", "pope", "cardinal", "bishop", "rabbi",
    "chancellor", "chairman", "chairwoman", "spokesman", "spokeswoman", "spokesperson",
    "premier", "president-elect", "emir", "sultan", "saint", "st", "dear", "aunt", "auntie",
    "uncle", "doctor", "coach", "manager", "skipper", "fullback", "quarterback", "goalkeeper",
    "striker", "midfielder", "defender", "winger", "pitcher", "batsman", "bowler",
})
_SPACES = re.compile(r"\s+")
# A word followed by a space and a word (not a comma: "King , Jr."), or a capitalised word:
# a title candidate.
_BEFORE_WORD = re.compile(r"(\S+) (?=\w)")
_BEFORE_CAPITAL = re.compile(r"(\S+) (?=[A-Z])")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$", re.IGNORECASE)
# "Lenhart , Matthew" (an e-mail sender) is Matthew Lenhart; "Davis , Jr." is no such pair.
_SURNAME_FIRST = re.compile(r"([^,]+?) ?, ?([^,]+)")
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_WORDS = re.compile(r"[^\W\d_][\w'\u2019]*")
# "NATO", "AT&T"; "AfD", "MoD", "DfE": capitals with at most one small letter between.
ACRONYM = re.compile(r"[A-Z](?:[A-Z&]{1,7}|[a-z][A-Z]{1,2})")
# An acronym defined right after a name: "Tehreek-e-Taliban Pakistan (TTP)", "( TTP )".
DEFINITION = re.compile(rf"\s*\(\s*({ACRONYM.pattern})\s*\)")
PARTICLES = frozenset({"e", "i", "ul", "al", "el", "of", "the", "and", "for", "de", "du", "la",
                        "le", "von", "van", "der", "da", "di", "y", "&", "in", "on"})


# Names news uses for one country or party, by the key their mentions share: "the UK" and
# "Britain", "the US" and "America", "the Tories" and "the Conservatives".
ALIASES = {name: key for key, names in {
    "united kingdom": ("uk", "u.k.", "britain", "great britain", "united kingdom"),
    "united states": ("us", "u.s.", "usa", "u.s.a.", "america", "united states",
                      "united states of america"),
    "conservative party": ("tories", "tory party", "conservatives", "conservative party"),
    "liberal democrats": ("lib dems", "liberal democrats", "lib dem"),
    "labour party": ("labour", "labour party"),
}.items() for name in names}


def strip_titles(text: str) -> str:
    """`Ambassador Asad Durrani` → `Asad Durrani`; a name that is only a title stays."""
    text = " ".join(text.split())
    return text[title_end(text):]


def title_end(text: str, start: int = 0, end: int | None = None, *,
              before_capital: bool = False, titles: frozenset[str] = TITLES) -> int:
    """Where the name in `text[start:end]` begins after its leading titles ("Prime Minister
    Sharif"); a last word is never a title. `before_capital`: only a title followed by a
    capitalised word counts. `titles`: the words that count (lower case, no final dot)."""
    after = _BEFORE_CAPITAL if before_capital else _BEFORE_WORD
    while (word := after.match(text, start, len(text) if end is None else end)) \
            and word.group(1).lower().rstrip(".") in titles:
        start = word.end()
    return start


def normalize(text: str, label: str) -> str:
    """The key mentions of one entity share: case-folded; no "the", possessive, or (for a
    person) titles."""
    return _bare(text, label).casefold()


def _bare(text: str, label: str) -> str:
    """`text` without "the", a possessive or, for a person only, leading titles ("St. Louis",
    "General Motors" and "Prince Edward Island" keep theirs) and a surname put first."""
    text = _POSSESSIVE.sub("", _LEADING_THE.sub("", _SPACES.sub(" ", text.strip()))).rstrip()
    if label != PERSON:
        return text
    pair = _SURNAME_FIRST.fullmatch(text)
    if pair and pair.group(2).lower().rstrip(".") not in SUFFIXES:
        text = f"{pair.group(2)} {pair.group(1)}"
    return strip_titles(text)


def capitals(acronym: str) -> str:
    """The capitals of an acronym: `AfD` → `AD`, what `initials` of its name give."""
    return "".join(letter for letter in acronym if letter.isupper())


def initials(name: str) -> str:
    """`Tehreek-e-Taliban Pakistan` → `TTP`; particles (of, the, e, al) are skipped."""
    words = [word for word in re.split(r"[\s\-]+", name) if word]
    return "".join(w[0].upper() for w in words if w.lower() not in PARTICLES and w[0].isalpha())


class _Groups:
    """Union-find over mention indices."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def members(self) -> list[list[int]]:
        groups: dict[int, list[int]] = {}
        for index in range(len(self.parent)):
            groups.setdefault(self.find(index), []).append(index)
        return list(groups.values())


# The joins beyond the same name, by name (`group(..., off=...)` skips those named).
GROUPING_RULES: dict[str, str] = {
    "partial-names": "a short person name joins the one fuller name it is part of",
    "organisation-tails": "one word joins the one fuller organisation name it ends",
    "acronyms": "an acronym joins the name it is defined after or the initials of one name",
}


def group(mentions: list[Mention], chars: int, text: str = "",
          off: frozenset[str] = frozenset()) -> list[Entity]:
    """Entities in order of first mention; each mention belongs to exactly one entity, and
    its label is set to its entity's (the majority of the entity's mentions, which differ
    only when an acronym or a partial name joined names the model labelled differently).
    The joins of `GROUPING_RULES` named in `off` are skipped."""
    groups = _Groups(len(mentions))
    _join_same_names(mentions, groups)
    if "partial-names" not in off:
        _join_partial_person_names(mentions, groups)
    if "organisation-tails" not in off:
        _join_organisation_tails(mentions, groups)
    if "acronyms" not in off:
        _join_acronyms(mentions, groups, text)
    members = sorted(groups.members(), key=lambda indices: indices[0])
    # Salience is relative to the most-mentioned person, organisation or place, so that asking
    # for other labels too (NORP) changes no entity's salience; without any, to the
    # most-mentioned entity.
    counts = [len(indices) for indices in members
              if _label_of(mentions, indices) in DEFAULT_LABELS] \
        or [len(indices) for indices in members]
    max_count = max(counts, default=1)
    return [_entity(mentions, indices, chars, max_count) for indices in members]


def _join_same_names(mentions: list[Mention], groups: _Groups) -> None:
    """The same name (or one of `ALIASES`: "UK" and "Britain") with the same label is one
    entity; with another label ("Jordan" the player and the country, "New York" the team and
    the city) it is another."""
    first: dict[tuple[str, str], int] = {}
    for index, mention in enumerate(mentions):
        name = normalize(mention["text"], mention["label"])
        key = (ALIASES.get(name, name), mention["label"])
        groups.union(first.setdefault(key, index), index)


def _names(mentions: list[Mention], groups: _Groups) -> dict[int, list[str]]:
    """Each group's distinct normalized names, longest first."""
    names: dict[int, set[str]] = {}
    for index, mention in enumerate(mentions):
        names.setdefault(groups.find(index), set()).add(
            normalize(mention["text"], mention["label"]))
    return {root: sorted(found, key=lambda n: (-len(n.split()), n))
            for root, found in names.items()}


def _members(groups: _Groups) -> dict[int, list[int]]:
    """Each group's mention indices, by its root (computed once: no scan per group)."""
    return {groups.find(indices[0]): indices for indices in groups.members()}


def _label_of(mentions: list[Mention], indices: list[int]) -> str:
    return Counter(mentions[i]["label"] for i in indices).most_common(1)[0][0]


def _join_partial_person_names(mentions: list[Mention], groups: _Groups) -> None:
    names = _names(mentions, groups)
    members = _members(groups)
    people = {root: words for root, words in
              ((root, found[0].split()) for root, found in names.items())
              if _label_of(mentions, members[root]) == PERSON}
    # Each fuller name under its leading and trailing runs of words: one lookup per name
    # instead of a comparison with every other person in the article.
    fuller: dict[tuple[str, ...], list[int]] = {}
    for root, words in people.items():
        runs = {tuple(words[:size]) for size in range(1, len(words))} | {
            tuple(words[-size:]) for size in range(1, len(words))}
        for run in runs:
            fuller.setdefault(run, []).append(root)
    for root, words in people.items():
        found = fuller.get(tuple(words), [])
        if len(found) == 1:
            groups.union(root, found[0])


def _join_organisation_tails(mentions: list[Mention], groups: _Groups) -> None:
    """An organisation named by one word, the last (or first) word of exactly one fuller
    organisation name in the article, is that organisation: "the Taliban" and "the Afghan
    Taliban", "Yankees" and "New York Yankees", "Lycos" and "Lycos Europe" (a branch: a
    region or "Group"). "Sony Pictures" is no "Sony". "Manchester United" and "Newcastle United"
    leave "United" alone; "Democratic Party" is no "New Democratic Party", "Conservative
    Party of Canada" no "Progressive Conservative Party of Canada", "Ford" no "Ford
    Foundation", "Senate" no "Senate Commerce Committee"."""
    names = _names(mentions, groups)
    members = _members(groups)
    organisations = {root: found[0].split() for root, found in names.items()
                     if _label_of(mentions, members[root]) == ORG}
    fuller: dict[str, set[int]] = {}
    for root, words in organisations.items():
        if 1 < len(words) <= 3 and not PARTICLES.intersection(words):
            fuller.setdefault(words[-1], set()).add(root)
        if len(words) == 2 and words[1] in _BRANCHES:
            fuller.setdefault(words[0], set()).add(root)
    for root, words in organisations.items():
        found = fuller.get(words[0], set()) if len(words) == 1 and "." not in words[0] \
            else set()
        if len(found) == 1 and not ACRONYM.fullmatch(mentions[members[root][0]]["text"]):
            groups.union(root, found.pop())


# The second word of an organisation that is its first word's own ("Lycos Europe", "Pernod
# Group", a club: "Coventry City"); "Sony Pictures" and "Amazon Web Services" are companies of
# their own.
_BRANCHES = frozenset({"europe", "asia", "america", "americas", "africa", "uk", "us", "usa",
                       "international", "global", "group", "holdings", "inc", "inc.", "corp",
                       "corp.", "corporation", "plc", "ltd", "limited", "co", "co.", "company",
                       "sa", "ag", "nv", "gmbh", "llc", "worldwide", "city", "town", "county",
                       "united", "rovers", "athletic", "wanderers", "albion", "hotspur", "fc",
                       "afc"})
def _join_acronyms(mentions: list[Mention], groups: _Groups, text: str) -> None:
    """An acronym joins the name the text defines it after ("National Oceanic and Atmospheric
    Administration (NOAA)"), else the one name with its label whose initials it is."""
    defined = _defined_acronyms(mentions, text)
    by_initials: dict[tuple[str, str], list[int]] = {}
    for index, mention in enumerate(mentions):
        if len(mention["text"].split()) + mention["text"].count("-") > 1:
            by_initials.setdefault((initials(mention["text"]), mention["label"]),
                                   []).append(index)
    for root, indices in _members(groups).items():
        acronym = next((mentions[i]["text"] for i in indices
                        if ACRONYM.fullmatch(mentions[i]["text"])), None)
        if acronym is None:
            continue
        if acronym in defined:
            groups.union(root, defined[acronym])
            continue
        key = (capitals(acronym), _label_of(mentions, indices))
        matches = {groups.find(i) for i in by_initials.get(key, [])}
        if len(matches) == 1 and groups.find(root) not in matches:
            groups.union(root, matches.pop())


def _defined_acronyms(mentions: list[Mention], text: str) -> dict[str, int]:
    """`Full Name (FN)`: the acronym and the index of the mention it expands to (a name of
    another label only when the acronym's letters fit it: "Doris Lessing (UK)" is an aside)."""
    defined: dict[str, int] = {}
    for index, (before, after) in enumerate(itertools.pairwise(mentions)):
        definition = DEFINITION.match(text, before["end"])
        if definition and definition.span(1) == (after["start"], after["end"]) \
                and expands(before["text"], after["text"],
                            organisations=before["label"] == after["label"] == ORG):
            defined.setdefault(after["text"], index)
    return defined


def expands(name: str, acronym: str, *, organisations: bool = False) -> bool:
    """Whether `name` can be what `acronym` stands for: its letters fit the name's words
    (the initials, or each letter starting a word or inside one, in order, the first
    starting the name: "NASA", "AfD" for "Alternative für Deutschland"); or, for two
    organisations (`organisations`), a translated name with a word for each capital ("Doctors
    Without Borders (MSF)", "Alternative for Germany (AfD)"; not two capitals, "Time Warner
    (US)"). "Pakistan (TTP)", the tail of a
    name the model cut short, and "Doris Lessing (UK)", an aside, are not."""
    if initials(name) == capitals(acronym) or _letters_fit(name, acronym):
        return True
    # Two capitals alone are more often a country's code: "Time Warner (US)".
    return organisations and len(initials(name)) == len(capitals(acronym)) \
        and (len(acronym) > 2 or not acronym.isupper())


def _letters_fit(name: str, acronym: str) -> bool:
    """Each letter of `acronym` in order in `name`, the first at the start of the name and
    every capital at the start of a word."""
    letters = [letter for letter in acronym if letter.isalpha()]
    if not letters or not name or name[0].casefold() != letters[0].casefold():
        return False
    position = 1
    for letter in letters[1:]:
        while position < len(name):
            here = name[position]
            starts_word = not name[position - 1].isalnum()
            position += 1
            if here.casefold() == letter.casefold() and (starts_word or letter.islower()):
                break
        else:
            return False
    return True


# Salience: how much the entity's mentions count, and how early it comes.
_COUNT_WEIGHT = 0.6
_POSITION_WEIGHT = 0.4


def salience(count: int, max_count: int, first: int, chars: int) -> float:
    """0.6 x (mentions / the most-mentioned entity's, at most 1) + 0.4 x (1 - first offset /
    length)."""
    position = 1.0 - first / chars if chars else 1.0
    return round(_COUNT_WEIGHT * min(count, max_count) / max_count
                 + _POSITION_WEIGHT * position, 3)


def _entity(mentions: list[Mention], indices: list[int], chars: int, max_count: int) -> Entity:
    label = Counter(mentions[i]["label"] for i in indices).most_common(1)[0][0]
    for index in indices:
        if mentions[index]["label"] != label:
            mentions[index] = with_reason(Mention(**{**mentions[index], "label": label}),
                                          "grouping")
    texts = [mentions[i]["text"] for i in indices]
    name = canonical(texts, label, dateline=any(mentions[i]["model_label"] == "DATELINE"
                                         for i in indices))
    first = mentions[indices[0]]["start"]
    aliases = sorted({text for text in texts if text != name})
    return Entity(name=name, label=label, count=len(indices), aliases=aliases, first=first,
                  salience=salience(len(indices), max_count, first, chars),
                  mentions=indices)


def with_reason(mention: Mention, rule: str) -> Mention:
    """A copy of `mention` with `relabelled_by` = `rule` when its label is not the model's,
    without it when it is."""
    marked = mention.copy()
    if mention["label"] != nerx_label(mention["model_label"]) \
            and mention["model_label"] != "DATELINE":
        marked["relabelled_by"] = rule
    else:
        marked.pop("relabelled_by", None)
    return marked


def canonical(texts: list[str], label: str, *, dateline: bool = False) -> str:
    """The most complete, properly cased form, without "the", possessive or (for a person)
    titles."""
    forms = Counter(_bare(text, label) for text in texts)
    best = max(forms, key=lambda form: (not _is_acronym(form), not form.isupper(),
                                        len(form.split()), len(form), forms[form]))
    if (dateline and best.isupper()) or (label != ORG and shouted(best)):
        # "LONDON" (a dateline), "JOHN SMITH" (a byline): a place's or person's name, not an
        # acronym ("USA", "NATO" stay)
        return " ".join(word.capitalize() for word in best.split())
    return best


def shouted(name: str) -> bool:
    """A name written in capitals that is no acronym: "NEW YORK", "BALTIMORE" ("NATO" is
    one)."""
    return name.isupper() and len(name.replace(" ", "")) > 4


def _is_acronym(form: str) -> bool:
    return ACRONYM.fullmatch(form) is not None
