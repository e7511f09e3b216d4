//! MQTT 5 through rumqttc's `v5` client. A PUBACK with a reason code of 0x80 or more
//! refuses the publish.

use std::time::Duration;

use rumqttc::v5::mqttbytes::v5::{Packet, PubAckReason};
use rumqttc::v5::mqttbytes::QoS;
use rumqttc::v5::{AsyncClient, Event, EventLoop, MqttOptions};
use rumqttc::Outgoing;

use super::{Happened, Session, MAX_PACKET};
use crate::cloud::config::MqttConfig;

/// rumqttc's MQTT 5 event loop.
pub(crate) struct V5(EventLoop);

impl Session for V5 {
    type Client = AsyncClient;

    fn open(config: &MqttConfig, host: String, port: u16) -> (AsyncClient, Self) {
        let mut options = MqttOptions::new(config.client_id.clone(), host, port);
        options
            .set_keep_alive(Duration::from_secs(config.keep_alive_s.max(5)))
            .set_clean_start(true)
            .set_max_packet_size(Some(MAX_PACKET as u32))
            .set_outgoing_inflight_upper_limit(config.inflight.clamp(1, u16::MAX as usize) as u16);
        let (client, events) = AsyncClient::new(options, config.inflight.max(1));
        (client, V5(events))
    }

    alike!();

    async fn poll(&mut self) -> Result<Happened, String> {
        Ok(match self.0.poll().await.map_err(|e| e.to_string())? {
            Event::Incoming(Packet::ConnAck(_)) => Happened::Connected,
            Event::Incoming(Packet::PubAck(a)) => Happened::Acked(matches!(
                a.reason,
                PubAckReason::Success | PubAckReason::NoMatchingSubscribers
            )),
            Event::Outgoing(Outgoing::Publish(_)) => Happened::Written,
            Event::Incoming(Packet::Publish(p)) => {
                Happened::Message(String::from_utf8_lossy(&p.topic).into_owned(), p.payload)
            }
            _ => Happened::Other,
        })
    }
}
