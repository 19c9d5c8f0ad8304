package com.dialsmart.ghlbroadcast.dnc;

import java.util.UUID;

import com.dialsmart.ghlbroadcast.account.AccountService;
import com.dialsmart.ghlbroadcast.account.JwtTokens;
import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Do-Not-Call module runs with only the modules it declares (account, shared): its API adds and finds a number
 * on the real database, and no broadcast, sync or calls bean is there to lean on.
 */
// shared (clock, transactions, problem details) is what every module stands on, not a dependency to choose
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = "shared")
@AutoConfigureMockMvc
class DncModuleTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.Connection db = TestDatabase.get();
		registry.add("spring.datasource.url", db::url);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JwtTokens tokens;

	@Autowired
	DncService dnc;

	@Autowired
	ApplicationContext context;

	@Test
	void addsAndFindsANumberWithOnlyItsDeclaredModules() {
		UUID account = this.accounts.create("Agency " + UUID.randomUUID(), "US").id();
		String token = this.tokens.operatorToken(account).token();
		String phone = Fixtures.uniquePhone();

		assertThat(this.mvc.post().uri("/api/dnc")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"phone\":\"" + phone + "\"}")
			.exchange()).hasStatus(HttpStatus.CREATED);

		assertThat(this.dnc.isBlocked(account, phone)).isTrue();
		assertThat(this.mvc.get().uri("/api/dnc/{phone}", phone)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()).hasStatusOk();
		assertThat(this.context.getBeanNamesForType(
				com.dialsmart.ghlbroadcast.broadcast.BroadcastService.class)).isEmpty();
	}

}
