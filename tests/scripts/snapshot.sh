#!/usr/bin/env bash
# Record what every nerx command writes on the seed, the shared web pages and the dev sets,
# into OUTDIR (one file per command), so that a refactoring can be checked byte for byte:
#   bash tests/scripts/snapshot.sh /tmp/before; ...change...; bash tests/scripts/snapshot.sh
#   /tmp/after; diff -r /tmp/before /tmp/after
# Times, speeds and temporary paths are taken out of the outputs that contain them.
set -u
out=${1:?usage: snapshot.sh OUTDIR}
nerx=${NERX:-.venv/bin/nerx}
data=${DATA:-../shared/data}
pages=${PAGES:-../shared/webpages}
mkdir -p "$out"
run() {  # run NAME CMD...: stdout to NAME, stderr to NAME.err, exit code to NAME.rc
    local name=$1; shift
    "$@" >"$out/$name" 2>"$out/$name.err"; echo $? >"$out/$name.rc"
}
for records in articles mentions entities; do
    run "seed.$records.jsonl" "$nerx" extract seeds/ --records "$records" --format jsonl
    run "pages.$records.jsonl" "$nerx" extract "$pages" --records "$records" --format jsonl
done
run pages.workers2.jsonl "$nerx" extract "$pages" --workers 2 --batch-size 3 --format jsonl
run pages.dask.jsonl "$nerx" extract "$pages" --dask local:2 --format jsonl
run seed.mentions.csv "$nerx" extract seeds/ --records mentions --format csv
run seed.table "$nerx" extract seeds/ --format table
run seed.labels.jsonl "$nerx" extract seeds/ --labels PERSON,NORP --format jsonl
run pages.summary.jsonl "$nerx" summarize "$pages" --format jsonl
run pages.summary.table "$nerx" summarize "$pages" --format table
run seed.show "$nerx" show seeds/
run pages.report.html "$nerx" report "$pages" --output "$out/pages.report.html.file"
run models "$nerx" models
for gold in "$data/conll2003/dev.txt" "$data/uner_en_ewt/en_ewt-ud-dev.iob2"; do
    name=$(basename "$gold")
    run "evaluate.$name.json" "$nerx" evaluate "$gold" --format json
    sed -i -E 's/"(seconds|words_per_second)": ?[0-9.e+-]+/"\1": 0/g' "$out/evaluate.$name.json"
done
sed -i -E 's/[0-9,]+ words\/s//; s/in [0-9.]+ ?s//' "$out/pages.summary.table.err" "$out/seed.table.err" 2>/dev/null
sed -i "s#$out#OUT#g" "$out"/*.err
true
