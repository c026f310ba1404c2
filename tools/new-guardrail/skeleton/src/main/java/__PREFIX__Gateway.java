package guardrails.__PACKAGE__;

import java.util.List;

/** __NUMBER__'s view of the account. */
public interface __PREFIX__Gateway {

    /** Every WorkSpaces directory of the account and Region. */
    List<Directory> directories();
}
