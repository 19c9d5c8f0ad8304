package com.dialsmart.ghlbroadcast.trigger;

import com.dialsmart.ghlbroadcast.support.Fixtures;
import com.dialsmart.ghlbroadcast.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
@Import(Fixtures.class)
class TriggerSmokeTests extends IntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Fixtures fixtures;

	@Test
	void queuesAContact() {
		Fixtures.Tenant tenant = this.fixtures.tenant();
		var result = this.mvc.post().uri("/functions/v1/ghl-webhook-trigger").contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"action":"add_to_broadcast","webhook_key":"%s","broadcast_id":"%s","phone":"%s","name":"Jane"}"""
				.formatted(tenant.webhookKey(), tenant.broadcastId(), Fixtures.uniquePhone()))
			.exchange();
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("queued");
		assertThat(result).bodyJson().extractingPath("$.position").isEqualTo(1);
	}

}
