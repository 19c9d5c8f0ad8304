/** Each account's Do-Not-Call list: checked before a contact is queued and before every dial. */
@ApplicationModule(allowedDependencies = { "account", "shared" })
package com.dialsmart.ghlbroadcast.dnc;

import org.springframework.modulith.ApplicationModule;
