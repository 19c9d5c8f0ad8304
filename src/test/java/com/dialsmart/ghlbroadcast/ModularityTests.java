package com.dialsmart.ghlbroadcast;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule.Type;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each top-level package is a module whose public types are its API, and whose {@code package-info.java} declares
 * the modules it may use ({@code @ApplicationModule(allowedDependencies = ...)}): the graph must stay acyclic, no
 * module may reach into another's package-private types or use a module it has not declared. No module exposes a
 * sub-package today, so there is no {@code @NamedInterface}; one that adds a sub-package for others to use must
 * name it. Documentation (the module diagram) lands in {@code target/spring-modulith-docs}.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(GhlBroadcastApplication.class);

	@Test
	void findsEveryFeaturePackageAsAModule() {
		assertThat(MODULES.stream().map(ModularityTests::name)).containsExactlyInAnyOrder("shared", "account", "dnc",
				"broadcast", "ghlsync", "calls", "trigger", "demo", "system");
	}

	@Test
	void verifiesModularStructure() {
		// fails on a dependency cycle, on any use of another module's non-public types, and on any use of a module
		// that its package-info does not allow
		MODULES.verify();
	}

	/**
	 * Without a declaration a module may use every other one: so a new module must say what it uses before it can
	 * use anything, and a declaration may only name modules that exist (a typo would allow nothing, silently).
	 */
	@Test
	void everyModuleDeclaresItsAllowedDependencies() {
		Set<String> names = MODULES.stream().map(ModularityTests::name).collect(Collectors.toSet());
		MODULES.forEach(module -> {
			String name = name(module);
			org.springframework.modulith.ApplicationModule declaration = module.getBasePackage()
				.getAnnotation(org.springframework.modulith.ApplicationModule.class)
				.orElse(null);
			assertThat(declaration)
				.as("module '%s' has no @ApplicationModule(allowedDependencies = ...) in its package-info.java", name)
				.isNotNull();
			List<String> allowed = List.of(declaration.allowedDependencies());
			assertThat(allowed).as("module '%s' must list its allowed dependencies, not leave them open", name)
				.doesNotContain(org.springframework.modulith.ApplicationModule.OPEN_TOKEN);
			assertThat(declaration.type()).as("module '%s' is closed", name).isEqualTo(Type.CLOSED);
			assertThat(allowed).as("allowed dependencies of module '%s' are modules", name)
				.allSatisfy(dependency -> assertThat(names).contains(dependency.split("::")[0].strip()))
				.doesNotContain(name);
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
