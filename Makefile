# `sam build` runs `make build-<LogicalId>` (BuildMethod: makefile) with ARTIFACTS_DIR set; each target puts the
# function's self-contained jar in $(ARTIFACTS_DIR)/lib, where Lambda's Java runtime loads it from.
# Run one here without SAM: make build-WorkspaceCreationFunction ARTIFACTS_DIR=/tmp/artifacts

build-WorkspaceCreationFunction:
	./guardrails build-function workspace-creation "$(ARTIFACTS_DIR)"

build-DirectoryTrustFunction:
	./guardrails build-function directory-trust "$(ARTIFACTS_DIR)"

build-SubnetCapacityFunction:
	./guardrails build-function subnet-capacity "$(ARTIFACTS_DIR)"

build-DefenderDefinitionsFunction:
	./guardrails build-function defender-definitions "$(ARTIFACTS_DIR)"

build-NetworkExposureFunction:
	./guardrails build-function network-exposure "$(ARTIFACTS_DIR)"

build-RdpStickinessFunction:
	./guardrails build-function rdp-stickiness "$(ARTIFACTS_DIR)"
