#!/usr/bin/env python3

# SPDX-License-Identifier: GPL-2.0-or-later

"""Known-item relevance evaluation of kiosque against stock Xapian.

Builds five query sets from the French Wikinews corpus, each query aimed at
one article (its expected id), sampled deterministically (fixed seed):

  title         the title as written (articles with a unique title)
  title-folded  the title lower-cased, accents removed, apostrophes -> spaces
  elision       W + two words: W is written only elided in the article
                (l'entretien, d’Emmanuel) and typed bare; the two words occur
                together in other articles too, so W is needed to find it
  plural-flip   two or three distinctive nouns/adjectives, number flipped
                (négociations -> négociation, tumeur -> tumeurs, -al <-> -aux)
  no-accents    two or three distinctive words, all but at most one accented,
                typed without accents

A distinctive word has 5 letters or more, is no stop word, occurs in at most 3
articles and is written bare (not elided) in the expected article; the words of
a query occur together in the expected article only.

It indexes the corpus with kiosque-index and stock Xapian (scriptindex -s french
with ../shared/reference/), runs every query through kiosque-query --json and
quest, and prints Success@1, Success@10 and MRR@10 per set for both, with the
ratio. A set passes when kiosque's Success@1 is >= 0.95 and >= stock's.

Exit status: 0 all sets pass, 1 some set fails, 2 error.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def find_shared():
    """../shared beside the checkout ($KIOSQUE_SHARED first); from a git
    worktree elsewhere, ../shared beside the main checkout."""
    if os.environ.get("KIOSQUE_SHARED"):
        return Path(os.environ["KIOSQUE_SHARED"])
    candidates = [PROJECT.parent / "shared"]
    try:
        common = subprocess.run(
            ["git", "-C", PROJECT, "rev-parse", "--path-format=absolute",
             "--git-common-dir"], capture_output=True, text=True, check=True)
        candidates.append(Path(common.stdout.strip()).parent.parent / "shared")
    except (OSError, subprocess.CalledProcessError):
        pass
    return next((c for c in candidates if c.is_dir()), candidates[0])


SHARED = find_shared()
REFERENCE = SHARED / "reference"
ADHOC = SHARED / "eval" / "adhoc"
SEED = 20240611
SETS = ("title", "title-folded", "elision", "plural-flip", "no-accents")
MAX_DF = 3
ELISION_MAX_DF = 30  # companions of the elided word: shared by a few articles

# A word, optionally preceded by an elided article/pronoun (l'avion, qu’il,
# and the collectors' tokenised form "l' affaire").
WORD_RE = re.compile(
    r"(?:(?<![^\W\d_])(?P<el>jusqu|lorsqu|puisqu|quoiqu|qu|[ldjmnstc])['’] ?)?"
    r"(?P<w>[^\W\d_]+)", re.IGNORECASE)
STOPWORDS = set("""
a ai aie ainsi alors apres assez au aucun aucune aujourd aupres aussi autant
autre autres aux avaient avais avait avant avec avoir avons ayant beaucoup bien
c ca car ce ceci cela celle celles celui cependant certains ces cet cette ceux
chacun chaque chez comme comment contre d dans de depuis des deux devant doit
donc dont du elle elles en encore entre est et etaient etait etant ete etre eu
eux faire fait fois font hors ici il ils j je jusqu l la laquelle le lequel les
lesquels leur leurs lors lorsqu lorsque lui m ma mais me meme memes mes moi
moins mon n ne ni non nos notre nous on ont ou par parce parmi pas pendant peu
peut plus plusieurs pour pourquoi pourtant puis puisqu puisque qu quand que quel
quelle quelles quels qui quoi s sa sans se selon sera seront ses si sien sinon
soit son sont sous sur t ta tandis tant te tes toi ton toujours tous tout toute
toutes tres trop un une unes uns vers voici voila vos votre vous y deja etaient
avait aurait auraient serait seraient sommes etes suis fut furent avions aviez
dernier derniere derniers premier premiere premiers selon afin apres
quelque quelques quelqu presqu autrefois ailleurs desormais egalement environ
""".split())


def fold(word):
    """Lower-case, œ/æ expanded, accents dropped (NFKD minus combining marks)."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c))


def words(text):
    """Yield (surface, folded, elided) for each word of text."""
    for m in WORD_RE.finditer(text):
        yield m.group("w"), fold(m.group("w")), m.group("el") is not None


class Profile:
    """Per-article word statistics: counts, bare/elided uses, surface forms."""

    def __init__(self, article):
        self.id, self.title = article["id"], article.get("title") or ""
        self.count = collections.Counter()
        self.bare = collections.Counter()
        self.forms = collections.defaultdict(collections.Counter)
        for surface, folded, elided in words(article.get("text") or ""):
            self.count[folded] += 1
            self.bare[folded] += not elided
            self.forms[folded][surface] += 1
        self.title_words = {f for _, f, _ in words(self.title)}
        self.all_words = set(self.count) | self.title_words

    def form(self, folded):
        return self.forms[folded].most_common(1)[0][0]


def load_corpus(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class QueryBuilder:
    """Draws known-item queries from the corpus, deterministically."""

    def __init__(self, corpus):
        self.profiles = [Profile(a) for a in corpus]
        self.df = collections.Counter()
        self.lower, self.upper = collections.Counter(), collections.Counter()
        self.postings = collections.defaultdict(set)
        for p in self.profiles:
            self.df.update(p.all_words)
            for w, forms in p.forms.items():
                for form, n in forms.items():
                    (self.upper if form[:1].isupper() else self.lower)[w] += n
            for w in p.all_words:
                self.postings[w].add(p.id)
        titles = collections.Counter(fold(p.title) for p in self.profiles)
        self.unique_title = {p.id for p in self.profiles if titles[fold(p.title)] == 1}

    def typed(self, p, folded):
        """How a user types the word: p's spelling, lower-cased unless the
        corpus mostly writes it capitalised."""
        form = p.form(folded)
        if form[:1].isupper() and self.lower[folded] > self.upper[folded]:
            form = form.lower()
        return form

    def distinctive(self, p, rng, extra=lambda w: True):
        """Distinctive words of p passing extra(), those used twice first."""
        cands = [w for w in p.count if len(w) >= 5 and w not in STOPWORDS
                 and self.df[w] <= MAX_DF and p.bare[w] > 0 and extra(w)]
        cands.sort()
        rng.shuffle(cands)
        cands.sort(key=lambda w: p.count[w] < 2)
        return cands

    def unique(self, p, folded_words):
        docs = set.intersection(*(self.postings[w] for w in folded_words))
        return docs == {p.id}

    def pick(self, p, cands, k):
        """The first k-subset of cands (in order) that identifies p, or None."""
        for i in range(len(cands)):
            chosen = cands[i:i + k]
            if len(chosen) == k and self.unique(p, chosen):
                return chosen
        return None

    def q_title(self, p, rng):
        return p.title if p.id in self.unique_title and p.title.strip() else None

    def q_title_folded(self, p, rng):
        if p.id not in self.unique_title or not p.title.strip():
            return None
        return re.sub(r"['’‘ʼ]", " ", fold(p.title))

    def q_elision(self, p, rng):
        """W (only ever elided in p) plus two words that need W to find p."""
        elided = sorted(w for w in p.count if p.bare[w] == 0 and len(w) >= 4
                        and w not in STOPWORDS and w not in p.title_words)
        rng.shuffle(elided)
        companions = [w for w in p.count if len(w) >= 5 and w not in STOPWORDS
                      and p.bare[w] > 0 and self.df[w] <= ELISION_MAX_DF]
        companions.sort()
        rng.shuffle(companions)
        for w in elided[:3]:
            for i, a in enumerate(companions):
                for b in companions[i + 1:]:
                    both = self.postings[a] & self.postings[b]
                    if len(both) > 1 and both & self.postings[w] == {p.id}:
                        return " ".join(self.typed(p, x) for x in (w, a, b))
        return None

    def q_plural_flip(self, p, rng):
        def ok(w):
            form = self.typed(p, w)
            flipped = flip_number(form)
            return (form.islower() and flipped is not None
                    and fold(flipped) not in p.all_words)
        chosen = self.pick(p, self.distinctive(p, rng, ok), rng.choice((2, 3)))
        return chosen and " ".join(flip_number(self.typed(p, c)) for c in chosen)

    def q_no_accents(self, p, rng):
        """Two or three distinctive words, all but at most one accented, typed
        folded: the accents matter, yet stock Xapian is not left with nothing."""
        cands, k = self.distinctive(p, rng), rng.choice((2, 3))
        for i in range(len(cands) - k + 1):
            chosen = cands[i:i + k]
            if sum(self.typed(p, w).lower() == w for w in chosen) <= 1 \
                    and self.unique(p, chosen):
                return " ".join(chosen)
        return None

    def build(self, per_set, seed=SEED):
        """{set name: [(query, expected id)]}, per_set queries each."""
        makers = {"title": self.q_title, "title-folded": self.q_title_folded,
                  "elision": self.q_elision, "plural-flip": self.q_plural_flip,
                  "no-accents": self.q_no_accents}
        sets = {}
        for name in SETS:
            rng = random.Random(f"{seed}:{name}")
            order = sorted(self.profiles, key=lambda p: p.id)
            rng.shuffle(order)
            queries = []
            for p in order:
                if len(queries) == per_set:
                    break
                q = makers[name](p, rng)
                if q:
                    queries.append((q, p.id))
            sets[name] = queries
        return sets


# Noun/adjective endings whose number is plain to flip (no verbs in -ent).
PLURAL_ENDINGS = ("é", "ée", "tion", "sion", "xion", "eur", "euse", "té", "age",
                  "isme", "iste", "ique", "ier", "ière", "ence", "ance", "ure",
                  "ette", "elle", "ienne", "ade", "oire", "aire", "ie", "ine",
                  "ise", "if", "ive")


def flip_number(word):
    """The word with singular/plural flipped, or None when implausible."""
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("eau"):
        return word + "x"
    if word.endswith("aux") and len(word) > 5:
        return word[:-3] + "al"
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith("s") and word[:-1].endswith(PLURAL_ENDINGS):
        return word[:-1]
    if word.endswith(PLURAL_ENDINGS) and not word.endswith(("s", "x", "z")):
        return word + "s"
    return None


def die(message):
    print(f"eval-relevance: {message}", file=sys.stderr)
    sys.exit(2)


def run(cmd, stdin=None, ok=(0,)):
    """Run cmd, return stdout; exit 2 with its stderr when the status is not ok."""
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if r.returncode not in ok:
        die(f"{' '.join(map(str, cmd[:3]))}… exited "
                 f"{r.returncode}:\n{r.stderr.strip()}")
    return r.stdout


def parallel(fn, items, workers=2):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return dict(zip(items, pool.map(fn, items)))


def kiosque_tools(build):
    """The (kiosque-index, kiosque-query) paths under build; exit 2 if absent."""
    tools = build / "indexer" / "kiosque-index", build / "query" / "kiosque-query"
    for tool in tools:
        if not os.access(tool, os.X_OK):
            die(f"{tool} not found; build kiosque first (or give --build DIR, "
                "or --no-kiosque)")
    return tools


def run_kiosque(build, work, corpus, queries):
    """{query: [id, ...] in rank order} from kiosque-index and kiosque-query;
    ids without the root label kiosque puts before a record's own id."""
    index, query = kiosque_tools(build)
    db = work / "kiosque.db"
    shutil.rmtree(db, ignore_errors=True)  # a reused --work dir
    run([index, "--db", db, corpus])
    label = corpus.name + ":"  # a file given alone is its own root
    base = [query, "--db", db, "--json", "--limit", "10"]
    hits = collections.defaultdict(list)

    def parse(out, key=None):
        for line in out.splitlines():
            obj = json.loads(line)
            if obj.get("type") == "hit":
                hits[key if key is not None else obj["query"]].append(
                    (obj["rank"], obj["id"].removeprefix(label)))

    if "--batch" in run([query, "--help"]):
        parse(run(base + ["--batch"], stdin="".join(q + "\n" for q in queries),
                  ok=(0, 1)))
    else:
        outs = parallel(lambda q: run(base + ["--", q], ok=(0, 1)), queries)
        for q, out in outs.items():
            parse(out, q)
    return {q: [i for _, i in sorted(hits[q])] for q in queries}


HIT_RE = re.compile(r"^(\d+): \[[-+.0-9eE]+\]$")


def run_stock(work, corpus_path, ids, queries):
    """{query: [id, ...]} from stock scriptindex -s french and quest."""
    dump, db = work / "corpus.dump", work / "stock.db"
    shutil.rmtree(db, ignore_errors=True)  # a reused --work dir
    with open(corpus_path, "rb") as src, open(dump, "wb") as out:
        subprocess.run([REFERENCE / "jsonl2scriptindex"], stdin=src, stdout=out,
                       check=True)
    out = run(["scriptindex", "-s", "french", db,
               REFERENCE / "scriptindex-french.script", dump])
    if f"({len(ids)}, 0, 0, 0)" not in out:  # docid n must be the n-th record
        die(f"unexpected scriptindex counts: {out.strip()}")

    def ask(q):
        found, docid = [], None
        for line in run(["quest", "-d", db, "-s", "french", "-m", "10", "--", q]
                        ).splitlines():
            m = HIT_RE.match(line)
            if m:
                docid = int(m.group(1))
                found.append(ids[docid - 1])
            elif docid and line.startswith("id="):  # check the docid mapping
                if line[3:] != found[-1]:
                    die(f"quest docid {docid} is "
                             f"{line[3:]}, expected {found[-1]}")
                docid = None
        return found
    return parallel(ask, queries)


def load_topics():
    """The shared topical set's topics, or [] (with a note) when absent."""
    path = ADHOC / "topics.jsonl"
    if not path.is_file():
        print(f"eval-relevance: {path} not found: topical set skipped",
              file=sys.stderr)
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_topics(work, topics, runs):
    """score.py's table (nDCG@10, P@10, judged@10) for the peers' runs and
    ours: {run name: {metric: value}}, in score.py's order."""
    files = sorted((ADHOC / "peer-runs").glob("*.jsonl"))
    for name, results in runs.items():
        if results is None:
            continue
        path = work / f"{name}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for t in topics:
                f.write(json.dumps({"id": t["topic"],
                                    "ranked": results.get(t["query"], [])}) + "\n")
        files.append(path)
    out = run([sys.executable, ADHOC / "score.py", ADHOC / "qrels.tsv"] + files)
    table = {}
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) == 4:
            table[cols[0].removesuffix(".jsonl")] = {
                "ndcg@10": float(cols[1]), "p@10": float(cols[2]),
                "judged@10": float(cols[3])}
    return table


def print_topics(table):
    print(f"\ntopical set ({ADHOC}, score.py)")
    print(f"{'run':<32} {'nDCG@10':>8} {'P@10':>6} {'judged@10':>9}")
    for name, m in sorted(table.items(), key=lambda kv: -kv[1]["ndcg@10"]):
        print(f"{name:<32} {m['ndcg@10']:>8.3f} {m['p@10']:>6.3f} "
              f"{m['judged@10']:>9.2f}")


def score(queries, results):
    """(n, Success@1, Success@10, MRR@10, failures) for [(query, id)]."""
    s1 = s10 = rr = 0.0
    failures = []
    for q, expected in queries:
        got = results.get(q, [])[:10]
        rank = got.index(expected) + 1 if expected in got else None
        s1 += rank == 1
        s10 += rank is not None
        rr += 1 / rank if rank else 0
        if rank != 1:
            failures.append({"query": q, "expected": expected, "rank": rank,
                             "first": got[0] if got else None})
    n = len(queries) or 1
    return len(queries), s1 / n, s10 / n, rr / n, failures


def report(sets, kiosque, stock, topics, elapsed, as_json):
    """Print the tables (or JSON); return True when every set passes."""
    rows, all_pass = [], True
    for name, queries in sets.items():
        row = {"set": name}
        for system, results in (("kiosque", kiosque), ("stock", stock)):
            if results is not None:
                n, s1, s10, mrr, fails = score(queries, results)
                row[system] = {"n": n, "success@1": s1, "success@10": s10,
                               "mrr@10": mrr, "failures": fails[:3]}
        k, s = row.get("kiosque"), row.get("stock")
        if k:
            row["pass"] = k["success@1"] >= 0.95 and (not s or k["success@1"] >= s["success@1"])
            all_pass &= row["pass"]
        if k and s:
            row["ratio@1"] = k["success@1"] / s["success@1"] if s["success@1"] else None
        rows.append(row)
    if as_json:
        print(json.dumps({"sets": rows, "topics": topics, "pass": all_pass,
                          "seconds": elapsed},
                         ensure_ascii=False, indent=1))
        return all_pass
    print(f"{'set':<13} {'system':<8} {'n':>4} {'S@1':>6} {'S@10':>6} {'MRR@10':>7}")
    for row in rows:
        for system in ("kiosque", "stock"):
            if system in row:
                m = row[system]
                print(f"{row['set']:<13} {system:<8} {m['n']:>4} {m['success@1']:>6.3f}"
                      f" {m['success@10']:>6.3f} {m['mrr@10']:>7.3f}")
        if "ratio@1" in row:
            ratio = row["ratio@1"]
            print(f"{'':<13} ratio S@1 kiosque/stock: "
                  + (f"{ratio:.2f}" if ratio is not None else "n/a"))
        if "pass" in row:
            print(f"{'':<13} {'PASS' if row['pass'] else 'FAIL'}")
    for row in rows:
        if row.get("kiosque", {}).get("failures"):
            print(f"\nkiosque failures, {row['set']}:")
            for f in row["kiosque"]["failures"]:
                print(f"  {f['query']!r}: expected {f['expected']} "
                      f"(rank {f['rank'] or '>10'}), first {f['first']}")
    if topics:
        print_topics(topics)
    print(f"\nelapsed: {elapsed:.1f} s")
    return all_pass


DEFAULT_CORPUS = Path(os.environ.get("KIOSQUE_CORPUS",
                                     SHARED / "corpus" / "frwikinews.jsonl"))


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--build", type=Path, default=PROJECT / "build" / "release",
                    help="kiosque build dir (indexer/kiosque-index, query/kiosque-query)")
    ap.add_argument("--work", type=Path, help="work dir (default: temporary, removed)")
    ap.add_argument("--per-set", type=int, default=300, metavar="N")
    ap.add_argument("--no-stock", action="store_true", help="skip stock Xapian")
    ap.add_argument("--no-kiosque", action="store_true", help="skip kiosque")
    ap.add_argument("--no-topics", action="store_true",
                    help="skip the shared topical set")
    ap.add_argument("--show-queries", type=int, default=0, metavar="N",
                    help="print N queries of each set, then stop")
    ap.add_argument("--json", action="store_true", help="machine-readable results")
    return ap.parse_args()


def main():
    args = parse_args()
    start = time.monotonic()
    if not args.corpus.is_file():
        if args.corpus == DEFAULT_CORPUS:
            print(f"eval-relevance: skipped: {SHARED} is absent (the shared "
                  "corpus and topics live there); set KIOSQUE_CORPUS or "
                  "--corpus to run on another corpus", file=sys.stderr)
            return 0
        print(f"eval-relevance: corpus not found at {args.corpus}",
              file=sys.stderr)
        return 2
    if not args.no_stock and not args.show_queries and not (
            shutil.which("scriptindex") and shutil.which("quest")):
        print("eval-relevance: scriptindex/quest not found; scripts/setup-deps "
              "--bench installs them (or pass --no-stock)", file=sys.stderr)
        return 2
    if not args.no_kiosque and not args.show_queries:
        kiosque_tools(args.build.resolve())
    corpus = load_corpus(args.corpus)
    sets = QueryBuilder(corpus).build(args.per_set)
    if args.show_queries:
        for name, queries in sets.items():
            print(f"== {name} ({len(queries)} queries)")
            for q, expected in queries[:args.show_queries]:
                print(f"  {expected:<24} {q}")
        return 0
    # The topics are judged on the shared corpus only.
    topics = load_topics() if args.corpus == DEFAULT_CORPUS and not args.no_topics else []
    queries = sorted({q for qs in sets.values() for q, _ in qs}
                     | {t["query"] for t in topics})
    work = args.work or Path(tempfile.mkdtemp(prefix="eval-relevance-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        stock = None if args.no_stock else run_stock(
            work, args.corpus, [a["id"] for a in corpus], queries)
        kiosque = None if args.no_kiosque else run_kiosque(
            args.build.resolve(), work, args.corpus.resolve(), queries)
        table = topics and score_topics(
            work, topics, {"kiosque": kiosque, "stock-xapian-quest": stock})
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    ok = report(sets, kiosque, stock, table or {}, time.monotonic() - start,
                args.json)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
