"""Generate a deterministic synthetic KAP journal, and the same corpus for Pelican and Hugo.

    python bench/gen_corpus.py --entries 10000 --out /tmp/corpus [--seed 7]

writes OUT/journal (a journalgen journal), OUT/pelican (content/ + pelicanconf.py) and OUT/hugo
(content/posts/ + a minimal theme in layouts/). Every run with the same --entries and --seed gives
byte-identical files. Entries are ~600 words at the median (log-normal, 80 to 3,000), written under
the prompt headings of the sample journal; sessions come with an intention the day before and
follow-ups at +1, +3, +7 and +28 days; the rest are reflections. The Pelican and Hugo copies carry
the same Markdown body and the same title, date, tags and emotions in each tool's own metadata, so
each tool builds the same number of entry pages and list pages for the same terms.

`--inline SHARE` (0 to 1) makes that share of paragraphs carry inline Markdown (emphasis, a link,
inline code) and adds task lists, like a journal written with more markup (without it, about a
quarter of the paragraphs do). The decoration has its own random stream: the same entries, dates
and lengths, with more markup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

EMOTIONS = (
    "acceptance", "anger", "anxiety", "awe", "boredom", "calm", "clarity", "confusion", "contentment",
    "curiosity", "despair", "disappointment", "dread", "embarrassment", "envy", "exhaustion", "fear",
    "frustration", "gratitude", "grief", "guilt", "hope", "joy", "loneliness", "love", "nostalgia",
    "numb", "overwhelm", "peace", "pride", "regret", "relief", "restlessness", "sadness", "shame",
    "surprise", "tenderness", "trust", "vulnerability", "wonder",
)  # fmt: skip
TAGS = (
    "body", "breath", "childhood", "dreams", "family", "father", "food", "friends", "grief-work",
    "integration", "inner-critic", "mother", "music", "nature", "partner", "rest", "self-talk",
    "sister", "sleep", "therapy", "walking", "work", "writing", "anniversary", "medication",
)  # fmt: skip
ROUTES = ("iv", "nasal", "im", "oral")
FOLLOW_UPS = (1, 3, 7, 28)

WORDS = (  # noqa: SIM905
    "the and a to of I it in was that my but not with for as this like me on at so what be all had "
    "felt feel there just again still some about when more one time into out then now day think know "
    "could would which were them how even only after before since morning evening night week hands "
    "chest breath light water window kitchen garden table chair walk rain wind sun river tree field "
    "voice music colour colours green blue gold warm cold heavy soft slow quiet loud small large old "
    "new long short close far near open closed memory memories dream remember remembered forgot "
    "forgive forgiveness letting go hold holding carry carried grief sadness calm tender afraid "
    "safe unsafe tired rested awake asleep sister brother father mother friend therapist session "
    "dose clinic chair blanket eyes mask headphones room ceiling floor wall door noticed noticing "
    "wondered wondering wrote writing said told asked answered listened heard saw looked watched"
).split()

SESSION_PROMPTS = (
    ("Initial recall", (
        ("What is the first thing that comes to mind?", "even if it was mild or just relaxing"),
        ("What did you see?", "colours, people, places"),
        ("What did you hear?", "music, voices, sounds in the room"),
        ("What did you feel?", "in the body, emotionally"),
    )),
    ("Further reflection", (
        ("What emotion feels most accessible?", "name one, even if it is faint"),
        ("Is a relationship or circumstance connected to it?", "a person, a place, a period of life"),
        ("Did the inner critic show up?", "what did it say, how loud was it"),
        ("Did self-compassion surface?", "a kind word, a softer tone"),
        ("Is there a message or theme?", "it is fine if there isn't one"),
    )),
    ("Action & integration", (
        ("What am I ready to let go of?", "a habit, a belief, a grudge"),
        ("What do I want to invite in?", "a feeling, a practice, a person"),
        ("One small step this week", "tick it off in a later entry"),
    )),
)  # fmt: skip
FOLLOW_UP_PROMPTS = (
    ("Since the session", (
        ("How do I feel now compared with before the session?", "better, worse, the same, mixed"),
        ("What has shifted, what has stayed?", "thoughts, habits, body"),
        ("What did I notice in daily life?", "sleep, appetite, conversations, small moments"),
        ("How is this week's step going?", "tick it off if it's done"),
    )),
)  # fmt: skip
INTENTION_PROMPTS = (
    ("Before the session", (
        ("My intention", "one sentence is enough"),
        ("What I hope to explore", "a question, a memory, a feeling"),
        ("Fears or worries", "name them so they can sit beside you"),
        ("Right after", "who, where, what you will do"),
    )),
)  # fmt: skip


@dataclass
class Item:
    """One generated entry, independent of the tool it is written for."""

    path: str  # below entries/, e.g. 2026/2026-11-20-third-infusion-123.md
    slug: str
    title: str
    when: dt.datetime
    kind: str
    route: str | None
    session: dt.date | None
    emotions: list[str]
    tags: list[str]
    mood: int
    body: str
    dose: str | None = None
    link: Item | None = None
    """An earlier entry this one links to, written in each tool's own link syntax."""


class Writer:
    """Deterministic prose: sentences and paragraphs from a fixed vocabulary.

    `inline`: the share of paragraphs to decorate with inline Markdown, from the `decor` stream.
    """

    def __init__(
        self, rng: random.Random, inline: float | None = None, decor: random.Random | None = None
    ) -> None:
        self.rng = rng
        self.inline = inline
        self.decor = decor or random.Random(0)

    def decorate(self, paragraph: str) -> str:
        """One word emphasised, linked or set as code, in `inline` of the paragraphs."""
        if self.inline is None or self.decor.random() >= self.inline:
            return paragraph
        words = paragraph.split(" ")
        at = self.decor.randrange(len(words))
        word = words[at]
        if not word.isalpha():
            return paragraph
        kind = self.decor.random()
        if kind < 0.5:
            words[at] = f"*{word}*"
        elif kind < 0.8:
            words[at] = f"[{word}](https://example.org/{word})"
        else:
            words[at] = f"`{word}`"
        return " ".join(words)

    def sentence(self) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(6, 22))
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice((".", ".", ".", ", and then that.", "?"))

    def paragraph(self, words: int) -> str:
        out: list[str] = []
        count = 0
        while count < words:
            s = self.sentence()
            out.append(s)
            count += s.count(" ") + 1
        text = " ".join(out)
        lines, line = [], ""
        for word in text.split(" "):
            if len(line) + len(word) + 1 > 78:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return self.decorate("\n".join(lines))

    def answer(self, words: int) -> str:
        rng = self.rng
        parts: list[str] = []
        while words > 0:
            chunk = min(words, rng.randint(40, 140))
            roll = rng.random()
            if roll < 0.08:
                parts.append("\n".join(f"- {self.sentence()}" for _ in range(rng.randint(2, 4))))
            elif roll < 0.12:
                parts.append("> " + self.paragraph(min(chunk, 40)).replace("\n", "\n> "))
            elif roll < 0.15:
                parts.append(f"It was *{rng.choice(WORDS)}*, and **{rng.choice(WORDS)}**, all of it.")
            else:
                parts.append(self.paragraph(chunk))
            if self.inline is not None and self.decor.random() < self.inline / 4:
                parts.append(
                    "\n".join(f"- [{' x'[self.decor.randrange(2)]}] {self.sentence()}" for _ in range(2))
                )
            words -= chunk
        return "\n\n".join(parts)


def _length(rng: random.Random) -> int:
    return max(80, min(3000, round(math.exp(rng.gauss(math.log(700), 0.45)))))


def _prompted(writer: Writer, prompts: tuple, words: int) -> str:
    rng = writer.rng
    questions = sum(len(qs) for _, qs in prompts)
    per = max(20, words // questions)
    out: list[str] = []
    for section, qs in prompts:
        out.append(f"## {section}\n")
        for question, hint in qs:
            out.append(f"### {question}\n<!-- {hint} -->")
            if rng.random() < 0.1:
                out.append("")  # an unanswered prompt: left out of the page
                continue
            if question == "One small step this week":
                out.append(f"- [ ] {writer.sentence()}\n- [x] {writer.sentence()}\n")
            else:
                out.append(writer.answer(max(10, int(per * rng.uniform(0.5, 1.5)))) + "\n")
    return "\n".join(out)


def generate(n: int, seed: int = 7, inline: float | None = None) -> list[Item]:
    """The corpus: n entries over several years, in date order (see --inline)."""
    rng = random.Random(seed)
    writer = Writer(rng, inline, random.Random(seed + 1))
    years = max(2, round(n / 1250))
    start = dt.datetime(2018, 1, 6, 9, 0)
    span = years * 365
    sessions = max(1, n // 15)
    items: list[Item] = []
    used: set[str] = set()

    def add(when: dt.datetime, kind: str, title: str, body: str, **extra: object) -> Item:
        stem = "-".join(title.lower().replace("#", "").replace("+", "").split())[:40].strip("-")
        slug = f"{when:%Y-%m-%d}-{stem}"
        while slug in used:
            slug += "-b"
        used.add(slug)
        item = Item(
            path=f"{when:%Y}/{slug}.md",
            slug=slug,
            title=title,
            when=when,
            kind=kind,
            emotions=sorted(rng.sample(EMOTIONS, rng.randint(1, 4))),
            tags=sorted(rng.sample(TAGS, rng.randint(1, 3))),
            mood=rng.randint(2, 9),
            body=body,
            route=extra.get("route"),  # type: ignore[arg-type]
            session=extra.get("session"),  # type: ignore[arg-type]
            dose=extra.get("dose"),  # type: ignore[arg-type]
        )
        items.append(item)
        return item

    for number in range(1, sessions + 1):
        if len(items) >= n:
            break
        day = start + dt.timedelta(days=int(span * (number - 1) / sessions), hours=rng.randint(0, 8))
        route = ROUTES[(number // 6) % len(ROUTES)]
        if len(items) < n:
            add(day - dt.timedelta(days=1), "intention", f"Intention for session {number}",
                _prompted(writer, INTENTION_PROMPTS, _length(rng) // 3), route=route,
                session=day.date())  # fmt: skip
        if len(items) < n:
            add(day, "session", f"Session {number}", _prompted(writer, SESSION_PROMPTS, _length(rng)),
                route=route, dose=f"{rng.choice((0.5, 0.6, 0.75, 1.0))} mg/kg")  # fmt: skip
        for days in FOLLOW_UPS:
            if len(items) < n:
                when = day + dt.timedelta(days=days, hours=rng.randint(1, 10))
                add(when, "follow-up", f"Session {number} +{days} days",
                    _prompted(writer, FOLLOW_UP_PROMPTS, _length(rng) // 2), session=day.date())  # fmt: skip
    count = 0
    while len(items) < n:
        count += 1
        when = start + dt.timedelta(
            days=rng.randrange(span), hours=rng.randint(7, 23), minutes=rng.randint(0, 59)
        )
        add(when, "reflection", f"Reflection {count}", writer.answer(_length(rng)))
    items.sort(key=lambda i: (i.when, i.path))
    for index, item in enumerate(items):
        if index > 10 and rng.random() < 0.2:  # a link back to an earlier entry, as written in an editor
            item.link = items[rng.randrange(index)]
    return items


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def write_journalgen(items: list[Item], out: Path) -> None:
    (out / "entries").mkdir(parents=True)
    (out / "journal.toml").write_text('title = "Benchmark journal"\nauthor = "Sam"\n', encoding="utf-8")
    for item in items:
        lines = [
            "---",
            f"title: {item.title}",
            f"date: {item.when:%Y-%m-%d %H:%M}",
            f"kind: {item.kind}",
        ]
        if item.session and item.kind != "session":
            lines.append(f"session: {item.session.isoformat()}")
        if item.route:
            lines.append(f"route: {item.route}")
        if item.dose:
            lines.append(f"dose: {item.dose}")
        lines += [
            f"mood: {item.mood}",
            f"emotions: {_yaml_list(item.emotions)}",
            f"tags: {_yaml_list(item.tags)}",
            "---",
            "",
        ]
        path = out / "entries" / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        body = item.body
        if item.link:
            body += f"\n\nThis reminds me of [that day]({'../' * item.path.count('/')}{item.link.path}).\n"
        path.write_text("\n".join(lines) + body + "\n", encoding="utf-8")


PELICANCONF = """\
# Pelican settings for the benchmark corpus: the default theme and Markdown, no feeds, no pagination,
# tag pages for tags and emotions, category pages for the entry kinds, like journalgen's term pages.
AUTHOR = "Sam"
SITENAME = "Benchmark journal"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
ARTICLE_URL = "{slug}.html"
ARTICLE_SAVE_AS = "{slug}.html"
"""

PELICANCONF_CACHED = """\
# The same settings with Pelican's content cache on, for rebuild measurements.
import os, sys
sys.path.insert(0, os.path.dirname(__file__))
from pelicanconf import *  # noqa

LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
"""


def write_pelican(items: list[Item], out: Path) -> None:
    (out / "content").mkdir(parents=True)
    (out / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    (out / "pelicanconf_cached.py").write_text(PELICANCONF_CACHED, encoding="utf-8")
    for item in items:
        body = item.body
        if item.link:  # Pelican links to other content with {filename}
            body += f"\n\nThis reminds me of [that day]({{filename}}/{item.link.path}).\n"
        header = [
            f"Title: {item.title}",
            f"Date: {item.when:%Y-%m-%d %H:%M}",
            f"Category: {item.kind}",
            f"Tags: {', '.join(item.tags + item.emotions + ([item.route] if item.route else []))}",
            f"Slug: {item.slug}",
            "",
        ]
        path = out / "content" / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(header) + "\n" + body + "\n", encoding="utf-8")


HUGO_CONFIG = """\
baseURL = "/"
title = "Benchmark journal"
relativeURLs = true
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
  tag = "tags"
  emotion = "emotions"
  route = "routes"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "tags/" | relURL }}">Tags</a> <a href="{{ "emotions/" | relURL }}">Emotions</a>
<a href="{{ "routes/" | relURL }}">Routes</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Params.crisis }}</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<p>{{ .Params.kind }} · <time datetime="{{ .Date.Format "2006-01-02T15:04" }}">
{{- .Date.Format "Monday, 2 January 2006" }}</time></p>
<h1>{{ .Title }}</h1>
<dl>{{ with .Params.route }}<dt>Route</dt><dd>{{ . }}</dd>{{ end }}
{{- with .Params.mood }}<dt>Mood</dt><dd>{{ . }} of 10</dd>{{ end }}
<dt>Emotions</dt><dd><ul>{{ range .GetTerms "emotions" }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
<dt>Tags</dt><dd><ul>{{ range .GetTerms "tags" }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd></dl>
<div>{{ .Content }}</div></article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} entries, newest first.</p>
<ol>{{ range .Pages.ByDate.Reverse }}
<li><p>{{ .Params.kind }} · <time>{{ .Date.Format "Monday, 2 January 2006" }}</time></p>
<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p><p>{{ delimit .Params.emotions ", " }}</p></li>
{{- end }}</ol>
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }} entries</li>{{ end }}
</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1><p>{{ len .Site.RegularPages }} entries.</p>
<ol>{{ range first 10 .Site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>
{{ end }}
""",
}


def write_hugo(items: list[Item], out: Path) -> None:
    (out / "content" / "posts").mkdir(parents=True)
    (out / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = out / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "static").mkdir()
    (out / "static" / "style.css").write_text("body { max-width: 65ch; margin: auto; }\n", encoding="utf-8")
    for item in items:
        body = item.body
        if item.link:
            body += f"\n\nThis reminds me of [that day](../{item.link.slug}/).\n"
        lines = [
            "---",
            f'title: "{item.title}"',
            f"date: {item.when:%Y-%m-%dT%H:%M:%S}",
            f"slug: {item.slug}",
            f"kind: {item.kind}",
            f"mood: {item.mood}",
            f"emotions: {_yaml_list(item.emotions)}",
            f"tags: {_yaml_list(item.tags)}",
        ]
        if item.route:
            lines.append(f"routes: [{item.route}]")
            lines.append(f"route: {item.route}")
        lines += ["---", ""]
        (out / "content" / "posts" / f"{item.slug}.md").write_text(
            "\n".join(lines) + body + "\n", encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tools", default="journalgen,pelican,hugo", help="comma-separated")
    parser.add_argument("--inline", type=float, default=None, help="share of paragraphs with inline markup")
    args = parser.parse_args()
    items = generate(args.entries, args.seed, args.inline)
    tools = set(args.tools.split(","))
    writers = {"journalgen": ("journal", write_journalgen), "pelican": ("pelican", write_pelican),
               "hugo": ("hugo", write_hugo)}  # fmt: skip
    for tool, (folder, write) in writers.items():
        if tool in tools:
            target = args.out / folder
            if target.exists():
                shutil.rmtree(target)
            write(items, target)
    words = sorted(len(i.body.split()) for i in items)
    print(f"{len(items)} entries, median {words[len(words) // 2]} words, into {args.out}")


if __name__ == "__main__":
    main()
