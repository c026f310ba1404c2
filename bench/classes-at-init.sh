#!/usr/bin/env bash
# The classes a deployable jar loads before its first event: its handler constructed as Lambda's init does, and,
# with --primed, what a SnapStart checkpoint runs (Priming.primeAll). Prints: total, from the jar, and Powertools
# with what it brings (Log4j, the EMF library, JMESPath, AspectJ, Joda).
#   bench/classes-at-init.sh <jar> <handler class> [--primed [<priming class>]]
# No AWS is reached: the endpoint is a closed local port (priming's read-only calls fail fast and are ignored).
set -euo pipefail
jar=$1 handler=$2 priming=
if [ "${3:-}" = "--primed" ]; then priming=${4:-guardrails.shared.priming.Priming}; fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
probe=$(mktemp -d) log=$(mktemp)
trap 'rm -rf "$probe" "$log"' EXIT
"${java}c" --release 21 -d "$probe" "$(dirname "$0")/InitProbe.java"
env -i PATH="$PATH" HOME="$probe" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=probe AWS_SECRET_ACCESS_KEY=probe \
  AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_LAMBDA_FUNCTION_NAME=probe AWS_EMF_ENVIRONMENT=Lambda MODE=ALERT \
  ALERT_TOPIC_ARN=arn:aws:sns:us-east-1:000000000000:alerts FINDINGS_TABLE=findings \
  "$java" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:class+load:file="$log" \
  -cp "$jar:$probe" InitProbe "$handler" $priming >/dev/null 2>&1
total=$(grep -c 'class,load' "$log")
from_jar=$(grep 'class,load' "$log" | grep -c 'source: file:' || true)
powertools=$(grep 'class,load' "$log" | grep -cE ' (software\.amazon\.lambda\.powertools|org\.apache\.logging|software\.amazon\.cloudwatchlogs|io\.burt|org\.aspectj|org\.joda)\.' || true)
echo "classes: $total, from the jar: $from_jar, Powertools and what it brings: $powertools"
