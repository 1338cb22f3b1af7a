#!/usr/bin/env bash
# Trains every baseline under the documented protocol (autorac train --epochs 3 --batch 128
# --val-fraction 0.1 --select-every 10, plus any extra options given in $TRAIN_ARGS) with several
# seeds and with LibTorch's kernels forced to each x86-64 instruction set (ATEN_CPU_CAPABILITY =
# default, avx2, avx512), and prints each run's validation log loss (the kept weights', on the 10 %
# split of the training file: what defaults are chosen on) and its margin below the constant
# predictor on the evaluation file.
# Different kernels round differently, so this stands in for "another CPU": the evaluation margin must
# stay above 2 % everywhere.
# Usage: bench/models/baseline_margins.sh BUILD_DIR "SEEDS" "KERNELS"   (from the project root)
#        e.g. bench/models/baseline_margins.sh build "1 2 3" "default avx2 avx512"
set -euo pipefail
build=${1:-build}
seeds=${2:-1 2 3}
kernels=${3:-default avx2 avx512}
data=../shared/data
printf '%-8s %-7s %-8s %-4s %-9s %-9s %-9s %-6s %s\n' model dataset kernels seed val_loss eval_loss constant AUC eval_margin
for caps in $kernels; do
  for seed in $seeds; do
    for m in dlrm deepfm autoint dcnv2; do
      for ds in criteo avazu; do
        if [ $ds = criteo ]; then tr=criteo:$data/criteo/train.txt; ev=criteo:$data/criteo/test.txt
        else tr=avazu:$data/avazu/train.csv; ev=avazu:$data/avazu/test_noheader.csv; fi
        args=(train --arch configs/archs/$m.json --data "$tr" --epochs 3 --batch 128 --val-fraction 0.1
              --select-every 10 --seed "$seed" --log-every 100000 ${TRAIN_ARGS:-})
        # One run: the kept weights' validation log loss is on the "kept" line, the evaluation file's
        # figures on the metrics line.
        out=$(ATEN_CPU_CAPABILITY=$caps "$build/models/autorac" "${args[@]}" --eval-data "$ev")
        val=$(echo "$out" | grep 'kept the weights' | sed 's/.*validation log loss \([0-9.]*\)).*/log loss \1 AUC 0 constant predictor 0/')
        test=$(echo "$out" | grep 'AUC')
        python3 - "$m" "$ds" "$caps" "$seed" "$val" "$test" <<'PY'
import re, sys
m, ds, caps, seed, val, test = sys.argv[1:]
def parse(line):
    return (float(re.search(r'log loss ([0-9.]+)', line).group(1)),
            float(re.search(r'constant predictor ([0-9.]+)', line).group(1)),
            float(re.search(r'AUC ([0-9.]+)', line).group(1)))
vl = parse(val)[0]
tl, tc, auc = parse(test)
print(f'{m:8s} {ds:7s} {caps:8s} {seed:4s} {vl:<9.4f} {tl:<9.4f} {tc:<9.4f} {auc:<6.3f} {100*(tc-tl)/tc:5.1f} %')
PY
      done
    done
  done
done
