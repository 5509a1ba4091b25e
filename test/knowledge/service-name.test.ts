// The service is called "Cử Tri", the word for a voter. Written as a name it is read as the
// chatbot, so the bot's own entries do not match every question about voters; written as the
// word, or inside a title typed in capitals, it stays the voter.
import { describe, expect, it } from 'vitest';
import { withServiceNameRead } from '../../src/knowledge/service-name.js';

describe("reading the service's name", () => {
  it('reads the name as the chatbot, where a sentence opens with it and inside one', () => {
    expect(withServiceNameRead('Cử Tri có lưu thông tin của tôi không?')).toBe(
      'chatbot có lưu thông tin của tôi không?',
    );
    expect(withServiceNameRead('Con tôi cài cho tôi Cử Tri trên Zalo.')).toBe('Con tôi cài cho tôi chatbot trên Zalo.');
    expect(withServiceNameRead('Tôi dùng Cử Tri. Cử Tri có nhắc lịch không?')).toBe(
      'Tôi dùng chatbot. chatbot có nhắc lịch không?',
    );
    expect(withServiceNameRead('Can Cử Tri remind me automatically?')).toBe('Can chatbot remind me automatically?');
    // a line break ends a sentence: the capitalised word on the next line is no title around it
    expect(withServiceNameRead('Tôi dùng Cử Tri\nDanh sách cử tri ở đâu?')).toBe(
      'Tôi dùng chatbot\nDanh sách cử tri ở đâu?',
    );
    // typed with combining marks, as some keyboards send it
    expect(withServiceNameRead('Cử Tri làm được gì?'.normalize('NFD'))).toBe('chatbot làm được gì?');
  });

  it('keeps the word for a voter, typed small or in a title typed in capitals', () => {
    for (const text of [
      'Thẻ cử tri năm 2026 có gì khác không?',
      'Cử tri có những quyền gì?',
      'Danh Sách Cử Tri Là Gì?',
      'Theo Quy Định Pháp Luật: Khi Nào Cử Tri Không Vi Phạm Nguyên Tắc Bầu Cử?',
      'Thẻ Cử Tri là gì?',
    ])
      expect(withServiceNameRead(text), text).toBe(text);
  });
});
