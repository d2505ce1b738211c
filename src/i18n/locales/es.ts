import { defineLanguage } from '../language.js';

/**
 * Spanish (Spain): tú, as chats do. The verb agrees with the time left ("falta 1 día",
 * "faltan 2 días"; with two units, with the first: "falta 1 día y 4 horas"), and the hour
 * takes its article ("a la 01:30", "a las 14:00").
 */
export const es = defineLanguage({
  code: 'es',
  cldr: 'es',
  messages: {
    dateTime: '{date}, {hour, plural, =1 {a la {time}} other {a las {time}}}',
    venueTime: '{dateTime} (hora de {city})',
    venueOffsetTime: '{dateTime} ({offset})',
    timeTba: '{date} (hora por confirmar)',
    readerTime: '{time} en tu zona horaria ({zone})',

    countdownTitle: '⏳ {title}: {n, plural, one {falta {left}} other {faltan {left}}}',
    liveTitle: '🚀 En directo: {title}',
    launchDayTitle: '📅 Es hoy: {title}',
    reminderTitle: '🔔 Recordatorio: {title} empieza dentro de {left}',
    reminderNowTitle: '🔔 Empieza ahora: {title}',
    changedTitle: '✏️ Actualización: {title}',
    cancelledTitle: '❌ Cancelado: {title}',
    postponedTitle: '⏸️ Aplazado: {title}',
    cancelledBody: 'Este lanzamiento se ha cancelado. La cuenta atrás y los recordatorios se han detenido.',
    postponedBody:
      'Este lanzamiento se ha aplazado. La cuenta atrás volverá en cuanto se anuncie una nueva fecha.',
    late: 'Enviado con retraso: este mensaje estaba previsto para el {due}.',
    fallbackDm: '{user}, tus mensajes privados están cerrados, así que aquí tienes tu recordatorio.',
    remindMe: '🔔 Recuérdamelo',
    subscribeInPrivate:
      'Para recibir por privado los recordatorios de {topic}, abre un chat conmigo y pulsa Iniciar.',

    field: {
      when: 'Cuándo',
      where: 'Dónde',
      status: 'Estado',
      tags: 'Etiquetas',
      title: 'Título',
      id: 'Id',
      left: 'Tiempo restante',
    },
    status: {
      scheduled: 'previsto',
      live: 'en curso',
      ended: 'terminado',
      postponed: 'aplazado',
      cancelled: 'cancelado',
    },
    changeLine: '{label}: {before} → {after}',

    digestTitle: '🗓️ Lanzamientos de aquí a {window}',
    digestEmpty: 'No hay nada previsto de aquí a {window}.',
    digestLine: '• {title} — {when} ({left})',
    digestMore: '{count, plural, one {…y otro más en este periodo} other {…y # más en este periodo}}',

    catchupTitle: '⏱️ Herald estuvo desconectado del {from} al {to}',
    catchupIntro: '{count, plural, one {Te has perdido # mensaje:} other {Te has perdido # mensajes:}}',
    catchupItem: '• {what} (previsto para el {due})',
    catchupNext: 'Próximo: {title}, {when}',

    in: 'dentro de {left}',
    started: 'empezado',

    cmd: {
      nextNone: 'No hay ningún lanzamiento previsto.',
      nextTitle: 'Próximo lanzamiento: {title}',
      eventsTitle: 'Próximos lanzamientos',
      eventsTitleTagged: 'Próximos lanzamientos con la etiqueta {tag}',
      eventsNone: 'No hay próximos lanzamientos.',
      eventsNoneTagged: 'Ningún próximo lanzamiento tiene la etiqueta {tag}.',
      eventsMore:
        '{count, plural, one {…y otro más: events <tag> muestra los de una etiqueta} other {…y # más: events <tag> muestra los de una etiqueta}}',
      eventsMoreTagged: '{count, plural, one {…y otro más} other {…y # más}}',
      countdownTitle: '⏳ {title}',
      countdownLeft: 'Empieza dentro de {left}.',
      countdownTba:
        'La hora aún no se ha anunciado; {n, plural, one {falta {days}} other {faltan {days}}} para el día del lanzamiento.',
      subscribed:
        'Te has suscrito a {topic}. Recibirás un mensaje privado {offsets} antes de cada lanzamiento.',
      alreadySubscribed: 'Ya tienes una suscripción a {topic}.',
      unsubscribed:
        '{count, plural, one {Se ha eliminado # suscripción.} other {Se han eliminado # suscripciones.}}',
      notSubscribed: 'No tienes ninguna suscripción que eliminar.',
      settingsShow: 'Idioma de este chat: {language} ({code}); zona horaria: {zone}.',
      settingsSaved: 'Guardado. Idioma de este chat: {language} ({code}); zona horaria: {zone}.',
      helpTitle: 'Herald hace la cuenta atrás de los lanzamientos. Comandos:',
      helpAdmin: 'Para los administradores:',
      helpUsage:
        'Fechas: 2027-05-22T14:00, o "22 de mayo 14:00"; se usa la zona horaria del chat, salvo que añadas zone:Europe/Madrid.',
      eventAdded: '{id} añadido: {when}. Quienes lo siguen recibirán su cuenta atrás.',
      eventEdited:
        '{count, plural, one {{id} actualizado (# cambio); se ha avisado a quienes lo siguen.} other {{id} actualizado (# cambios); se ha avisado a quienes lo siguen.}}',
      eventUnchanged: 'No ha cambiado nada en {id}.',
      eventCancelled:
        '{id} cancelado; los mensajes previstos se han detenido y se ha avisado a quienes lo siguen.',
      eventPostponed:
        '{id} aplazado; los mensajes previstos se han detenido y se ha avisado a quienes lo siguen.',
      eventAlready: '{id} ya está {status}: no cambia nada y no se vuelve a avisar a nadie.',
      followed:
        '{count, plural, one {Este chat ahora sigue {what} (# mensaje previsto).} other {Este chat ahora sigue {what} (# mensajes previstos).}}',
      unfollowed: 'Este chat ya no sigue {what}.',
      notFollowing: 'Este chat no sigue {what}.',
      summaryQueued: 'El resumen está en camino.',
      auditTitle: 'Últimos envíos',
      auditEmpty: 'Todavía no se ha enviado nada.',
      auditLine: '{when} {status} {what} → {target}',
      auditLineError: '{when} {status} {what} → {target} ({error})',
      auditTargetDisabled: '⚠️ {target} está desactivado: {reason}',
    },

    err: {
      unknownCommand: 'Comando desconocido: "{name}". Prueba help.',
      notAdmin: 'Solo los administradores de este chat pueden hacer eso.',
      missingArg: 'Falta {name}. Uso: {usage}',
      tooManyArgs: 'Demasiados argumentos. Uso: {usage}',
      unclosedQuote: 'Hay unas comillas sin cerrar: ciérralas o quítalas. Uso: {usage}',
      argTooLong: 'El campo {name} es demasiado largo: {max} caracteres como máximo.',
      badArg: '"{value}" no es un valor válido para {name}: {expected}.',
      unknownEvent: 'Ningún lanzamiento tiene el id "{id}". Prueba events.',
      unknownTopic: '"{topic}" no es ni el id de un lanzamiento ni una etiqueta. Prueba events.',
      eventExists: 'Ya existe un lanzamiento con el id "{id}". Usa event_edit.',
      idTaken: 'El id "{id}" ya está en uso. Elige otro.',
      notYourEvent:
        '"{id}" pertenece a los operadores de Herald o a otra comunidad: solo ellos pueden modificarlo.',
      publishOperatorsOnly: 'Solo los operadores de Herald pueden hacer público un lanzamiento.',
      unknownZone: '"{zone}" no es una zona horaria. Usa un nombre como Europe/Madrid.',
      unknownLocale: '"{locale}" no es un idioma de Herald: usa {languages}.',
      time: {
        invalidDate: '"{text}" no es una fecha que exista.',
        inGap: '{time} no existe en la zona {zone}: a esa hora se adelantan los relojes. Elige otra hora.',
        unparsed: 'No he entendido la fecha "{text}". Prueba 2027-05-22T14:00 o "22 de mayo 14:00".',
        ambiguous: '"{text}" es ambiguo. Escribe el mes con letras o usa 2027-05-22.',
        past: '{when} ya ha pasado.',
        noDate: '"{text}" no indica ningún día. Añade la fecha, por ejemplo "22 de mayo 14:00".',
      },
      internal: 'Algo ha fallado por nuestra parte; el error ha quedado registrado.',
      slowDown: 'Más despacio: son muchos comandos. Vuelve a intentarlo dentro de {wait}.',
      chatBusy: 'Demasiados comandos en este chat. Vuelve a intentarlo dentro de {wait}.',
    },

    commands: {
      next: { description: 'El próximo lanzamiento' },
      events: {
        description: 'Los próximos lanzamientos, también por etiqueta',
        tag: 'Solo los lanzamientos con esta etiqueta',
      },
      event: { description: 'Los detalles de un lanzamiento' },
      countdown: { description: 'El tiempo que falta para un lanzamiento' },
      subscribe: { description: 'Recibir recordatorios por privado de un lanzamiento o una etiqueta' },
      unsubscribe: {
        description: 'Dejar de recibir recordatorios por privado (todos, o de un lanzamiento o etiqueta)',
        topic: 'Un id o una etiqueta; todos si se omite',
      },
      settings: {
        description: 'Ver o cambiar el idioma y la zona horaria de este chat',
        language: '{languages}',
        zone: 'Zona horaria, p. ej. Europe/Madrid',
      },
      help: { description: 'Lo que sabe hacer Herald' },
      event_add: {
        description: 'Añadir un lanzamiento',
        id: 'Nuevo id: a-z, 0-9, - y _',
        when: 'Fecha, y hora si se conoce: "22 de mayo 14:00"',
        title: 'Título',
      },
      event_edit: {
        description: 'Modificar un lanzamiento; se avisa a quienes lo siguen',
        when: 'Nueva fecha y hora',
        title: 'Nuevo título (en el idioma del chat)',
        status: 'scheduled, postponed, cancelled…',
        public: 'Operadores: lo ven todas las comunidades',
      },
      event_cancel: {
        description: 'Cancelar o aplazar un lanzamiento; se avisa a quienes lo siguen',
        postpone: 'Aplazar en lugar de cancelar',
      },
      follow: { description: 'Este chat sigue un lanzamiento o una etiqueta' },
      unfollow: { description: 'Este chat deja de seguir un lanzamiento o una etiqueta' },
      summary: { description: 'Publicar ahora un resumen de los próximos lanzamientos' },
      audit: { description: 'Últimos envíos y errores', limit: 'Cuántos (15 por defecto)' },
    },
    options: {
      id: 'Id del lanzamiento (ver events)',
      topic: 'Un id de lanzamiento o una etiqueta',
      zone: 'Zona horaria del lugar (por defecto, la del chat)',
      city: 'Ciudad del lugar',
      tags: 'Etiquetas, separadas por comas',
      image: 'URL de la imagen',
      link: 'URL del enlace',
    },
  },
});
