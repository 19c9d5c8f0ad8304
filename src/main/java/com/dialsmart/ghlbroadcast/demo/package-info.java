/** Demo mode: a ready-to-use account, key and broadcast on a fresh install; it sets them up through every module. */
@ApplicationModule(allowedDependencies = { "shared", "account", "dnc", "broadcast", "ghlsync", "calls", "trigger" })
package com.dialsmart.ghlbroadcast.demo;

import org.springframework.modulith.ApplicationModule;
