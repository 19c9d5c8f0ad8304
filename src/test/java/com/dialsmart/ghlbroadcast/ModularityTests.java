package com.dialsmart.ghlbroadcast;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each top-level package is a module whose public types are its API: the feature graph must stay acyclic and no
 * module may reach into another's package-private types. Documentation lands in
 * {@code target/spring-modulith-docs}.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(GhlBroadcastApplication.class);

	/** The intended graph (see docs/style): a module not listed here may use nothing until it is added. */
	private static final Map<String, Set<String>> ALLOWED = Map.of(
			"shared", Set.of(),
			"account", Set.of("shared"),
			"dnc", Set.of("account", "shared"),
			"broadcast", Set.of("dnc", "account", "shared"),
			"ghlsync", Set.of("broadcast", "account", "shared"),
			"calls", Set.of("broadcast", "dnc", "ghlsync", "account", "shared"),
			"trigger", Set.of("broadcast", "account", "shared"),
			"demo", Set.of("shared", "account", "dnc", "broadcast", "ghlsync", "calls", "trigger"),
			// operations wiring (OpenAPI, request logging): nothing depends on it
			"system", Set.of("account", "shared"));

	@Test
	void findsEveryFeaturePackageAsAModule() {
		assertThat(MODULES.stream().map(ModularityTests::name))
			.contains("shared", "account", "dnc", "broadcast", "ghlsync", "trigger", "demo", "system");
	}

	@Test
	void verifiesModularStructure() {
		// fails on a dependency cycle and on any use of another module's non-public types
		MODULES.verify();
	}

	@Test
	void keepsTheIntendedDependencyGraph() {
		MODULES.forEach(module -> {
			String name = name(module);
			assertThat(ALLOWED).as("module '%s' is new: add its allowed dependencies to this test", name)
				.containsKey(name);
			assertThat(module.getDirectDependencies(MODULES).uniqueModules().map(ModularityTests::name))
				.as("dependencies of module '%s'", name)
				.allMatch(ALLOWED.get(name)::contains);
		});
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(MODULES).writeDocumentation();
	}

	private static String name(ApplicationModule module) {
		return module.getIdentifier().toString();
	}

}
