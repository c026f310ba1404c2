package guardrails.__PACKAGE__;

import guardrails.shared.registry.Guardrail;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** __NUMBER__ as the tools around its function see it (found by ServiceLoader: {@link Guardrail}). */
public final class __PREFIX__Guardrail extends Guardrail.Declared {

    public __PREFIX__Guardrail() {
        super(Guardrail.declare(__PREFIX__Rules.GUARDRAIL, "__TITLE__")
                .iamActions(Aws__PREFIX__Gateway.IAM_ACTIONS)
                .serviceClients("workspaces")
                .handler(__PREFIX__Handler::new)
                .priming(Aws__PREFIX__Gateway::primingCalls, __PREFIX__Handler.PRIMING_DIRECTORY, null)
                .pipeline(parts -> {
                    var guard = new __PREFIX__Guard(parts.gateway(__PREFIX__Gateway.class,
                            () -> new Aws__PREFIX__Gateway(parts.client(WorkSpacesClient.builder()))),
                            parts.tracker(__PREFIX__Rules.GUARDRAIL));
                    return new Pipeline(guard::handle, guard::sweep);
                })
                .audited("WorkSpaces directory", "directories"));
    }
}
