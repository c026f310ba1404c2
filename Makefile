# `sam build` runs `make build-<LogicalId>` (BuildMethod: makefile) with ARTIFACTS_DIR set; each target puts the
# function's self-contained jar in $(ARTIFACTS_DIR)/lib, where Lambda's Java runtime loads it from.
# Run one here without SAM: make build-WorkspaceCreationGuardFunction ARTIFACTS_DIR=/tmp/artifacts

build-WorkspaceCreationGuardFunction:
	./guardrails build-function workspace-creation-guard "$(ARTIFACTS_DIR)"

build-TrustGuardFunction:
	./guardrails build-function trust-guard "$(ARTIFACTS_DIR)"

build-SubnetCapacityGuardFunction:
	./guardrails build-function subnet-capacity-guard "$(ARTIFACTS_DIR)"

build-DefenderSignatureGuardFunction:
	./guardrails build-function defender-signature-guard "$(ARTIFACTS_DIR)"

build-NetworkExposureGuardFunction:
	./guardrails build-function network-exposure-guard "$(ARTIFACTS_DIR)"

build-RdpStickinessGuardFunction:
	./guardrails build-function rdp-stickiness-guard "$(ARTIFACTS_DIR)"
